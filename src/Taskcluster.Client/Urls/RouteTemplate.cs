using System;
using System.Collections.Generic;

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

    public static RouteTemplate Parse(string entryName, string route, IReadOnlyList<string> args)
    {
        var literals = new List<string>();
        var slots = new List<int>();
        var used = new bool[args.Count];
        int position = 0;
        while (true)
        {
            int open = route.IndexOf('<', position);
            if (open < 0) break;
            int close = route.IndexOf('>', open + 1);
            if (close < 0)
                throw new ArgumentException($"API entry '{entryName}': route '{route}' has an unclosed '<'.", "route");
            string name = route.Substring(open + 1, close - open - 1);
            int index = IndexOf(args, name);
            if (index < 0)
                throw new ArgumentException($"API entry '{entryName}': route placeholder <{name}> is not one of its args.", "args");
            used[index] = true;
            literals.Add(route.Substring(position, open - position));
            slots.Add(index);
            position = close + 1;
        }
        literals.Add(route.Substring(position));
        for (int i = 0; i < used.Length; i++)
        {
            if (!used[i])
                throw new ArgumentException($"API entry '{entryName}': arg '{args[i]}' does not appear in route '{route}'.", "args");
        }
        return new RouteTemplate(literals.ToArray(), slots.ToArray());
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

    /// <summary>One value as exactly one path segment.</summary>
    private static string EscapeSegment(string value)
    {
        // EscapeDataString encodes '/', '?', '#', '%', spaces and non-ASCII, so a value cannot add segments, a query
        // or a fragment. It leaves '.' alone, and a segment that is only "." or ".." would be removed by any URI
        // normalizer (ours, a proxy's or the server's), so those two are written with '.' escaped.
        return value switch
        {
            "." => "%2E",
            ".." => "%2E%2E",
            _ => Uri.EscapeDataString(value),
        };
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
