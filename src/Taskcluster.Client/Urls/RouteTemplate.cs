using System;
using System.Collections.Generic;
using Taskcluster.Generators.Parsing;

namespace Taskcluster;

/// <summary>
/// A route such as <c>/task/&lt;taskId&gt;/runs/&lt;runId&gt;</c> split once into literal text and parameter slots,
/// so that expanding it is a single pass that percent-encodes every value.
/// </summary>
internal sealed class RouteTemplate
{
    private readonly string[] _literals;   // _literals.Length == _slots.Length + 1
    private readonly int[] _slots;         // index into the entry's args for each placeholder

    private RouteTemplate(string[] literals, int[] slots)
    {
        _literals = literals;
        _slots = slots;
    }

    /// <summary>Splits a route once, by the same syntax the generator checks references with.</summary>
    /// <exception cref="ArgumentException">The route does not split, or its placeholders and <paramref name="args"/> differ.</exception>
    public static RouteTemplate Parse(string entryName, string route, IReadOnlyList<string> args)
    {
        if (!RouteSyntax.TrySplit(route, out var literals, out var placeholders))
            throw new ArgumentException($"API entry '{entryName}': route '{route}' must be {RouteSyntax.Requirement}.", nameof(route));
        var slots = new int[placeholders.Count];
        var used = new bool[args.Count];
        for (int i = 0; i < placeholders.Count; i++)
        {
            int index = IndexOf(args, placeholders[i]);
            if (index < 0)
                throw new ArgumentException($"API entry '{entryName}': route placeholder <{placeholders[i]}> is not one of its args.", nameof(args));
            used[index] = true;
            slots[i] = index;
        }
        for (int i = 0; i < used.Length; i++)
        {
            if (!used[i])
                throw new ArgumentException($"API entry '{entryName}': arg '{args[i]}' does not appear in route '{route}'.", nameof(args));
        }
        return new RouteTemplate(literals.ToArray(), slots);
    }

    /// <summary>
    /// <paramref name="prefix"/> followed by the route, every value percent-encoded as one path segment, built
    /// straight into the resulting string.
    /// </summary>
    public string Expand(string prefix, IReadOnlyList<string> values)
    {
        int length = prefix.Length;
        foreach (string literal in _literals) length += literal.Length;
        string[] segments = _slots.Length == 0 ? Array.Empty<string>() : new string[_slots.Length];
        for (int i = 0; i < _slots.Length; i++)
        {
            segments[i] = EscapeSegment(values[_slots[i]]);
            length += segments[i].Length;
        }
        return string.Create(length, (prefix, _literals, segments), static (span, state) =>
        {
            // prefix, literal 0, then each segment followed by the literal after it.
            var (prefix, literals, segments) = state;
            int position = 0;
            Write(span, ref position, prefix);
            Write(span, ref position, literals[0]);
            for (int i = 0; i < segments.Length; i++)
            {
                Write(span, ref position, segments[i]);
                Write(span, ref position, literals[i + 1]);
            }
        });
    }

    private static void Write(Span<char> span, ref int position, string text)
    {
        text.AsSpan().CopyTo(span.Slice(position));
        position += text.Length;
    }

    /// <summary>
    /// Appends the query parameters that have a value, in the entry's order, as <c>?a=1&amp;b=2</c>; a URL without any
    /// gets no <c>?</c> at all.
    /// </summary>
    public static string AppendQuery(string url, IReadOnlyList<string> names, IReadOnlyList<string?>? values)
    {
        if (values is null) return url;
        System.Text.StringBuilder? builder = null;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value) continue;
            builder ??= new System.Text.StringBuilder(url);
            builder.Append(builder.Length == url.Length ? '?' : '&');
            builder.Append(EscapeComponent(names[i])).Append('=').Append(EscapeComponent(value));
        }
        return builder?.ToString() ?? url;
    }

    /// <summary>One value as exactly one path segment.</summary>
    private static string EscapeSegment(string value)
    {
        // A segment that is only "." or ".." would be removed by any URI normalizer (ours, a proxy's or the
        // server's), sending the request somewhere else, so those two are written with '.' escaped. Today's JS client
        // sends them as they are; this is the one place we differ from it on purpose.
        return value switch
        {
            "." => "%2E",
            ".." => "%2E%2E",
            _ => EscapeComponent(value),
        };
    }

    /// <summary>
    /// Percent-encodes everything but letters, digits and <c>-_.!~*'()</c>: what JavaScript's encodeURIComponent
    /// leaves alone, so URLs (and the paths Hawk signs) are byte for byte the ones TaskCluster's own clients send.
    /// '/', '?', '#', '&amp;', '=', '%', spaces and non-ASCII are always encoded, so a value cannot add a segment, a
    /// query parameter or a fragment.
    /// </summary>
    internal static string EscapeComponent(string value)
    {
        string escaped = Uri.EscapeDataString(value);
        if (escaped.IndexOf('%') < 0) return escaped;
        // EscapeDataString follows RFC 3986 and also encodes !*'(), which encodeURIComponent keeps.
        return escaped.Replace("%21", "!").Replace("%2A", "*").Replace("%27", "'").Replace("%28", "(").Replace("%29", ")");
    }

    private static int IndexOf(IReadOnlyList<string> args, string name)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (string.Equals(args[i], name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
