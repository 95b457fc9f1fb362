using System;
using System.Collections.Generic;
using System.Text;

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

    /// <summary>Appends the route with every value percent-encoded as one path segment.</summary>
    public void AppendTo(StringBuilder builder, IReadOnlyList<string> values)
    {
        builder.Append(_literals[0]);
        for (int i = 0; i < _slots.Length; i++)
        {
            // EscapeDataString encodes '/', '?', '#', '%' and non-ASCII: a value can never change the path's shape.
            builder.Append(Uri.EscapeDataString(values[_slots[i]]));
            builder.Append(_literals[i + 1]);
        }
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
