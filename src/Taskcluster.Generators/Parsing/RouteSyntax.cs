using System.Collections.Generic;

namespace Taskcluster.Generators.Parsing;

/// <summary>
/// How a route such as <c>/task/&lt;taskId&gt;/runs/&lt;runId&gt;</c> splits into literal text and placeholders. The
/// generator's checks and the run-time route template both split routes here, so they agree on what a route is.
/// </summary>
internal static class RouteSyntax
{
    /// <summary>
    /// Splits <paramref name="route"/>: <paramref name="literals"/> gets one more item than
    /// <paramref name="placeholders"/> (the text before, between and after them).
    /// </summary>
    /// <returns>True when every '&lt;' is closed by a '&gt;' and no '&gt;' stands alone.</returns>
    public static bool TrySplit(string route, out List<string> literals, out List<string> placeholders)
    {
        literals = new List<string>();
        placeholders = new List<string>();
        int position = 0;
        while (true)
        {
            int open = route.IndexOf('<', position);
            int strayClose = route.IndexOf('>', position);
            if (strayClose >= 0 && (open < 0 || strayClose < open)) return false;
            if (open < 0) break;
            int close = route.IndexOf('>', open + 1);
            if (close < 0) return false;
            literals.Add(route.Substring(position, open - position));
            placeholders.Add(route.Substring(open + 1, close - open - 1));
            position = close + 1;
        }
        literals.Add(route.Substring(position));
        return true;
    }

    /// <summary>What a route that does not split must be, for messages.</summary>
    public const string Requirement = "a route whose '<' and '>' pair up around argument names";
}
