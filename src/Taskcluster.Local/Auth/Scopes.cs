using System;
using System.Collections.Generic;
using System.Text;

namespace Taskcluster.Local;

/// <summary>TaskCluster's scope rules: a held scope satisfies a required one when equal, or when it ends in <c>*</c> and prefixes it.</summary>
internal static class Scopes
{
    public static bool Satisfies(IReadOnlyList<string> held, string required)
    {
        foreach (string scope in held)
        {
            if (scope == required) return true;
            if (scope.EndsWith('*') && required.StartsWith(scope.AsSpan(0, scope.Length - 1), StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public static bool SatisfiesAll(IReadOnlyList<string> held, IEnumerable<string> required)
    {
        foreach (string scope in required)
        {
            if (!Satisfies(held, scope)) return false;
        }
        return true;
    }

    /// <summary>
    /// Whether <paramref name="held"/> satisfies any one alternative of <paramref name="alternatives"/> once every
    /// <c>&lt;param&gt;</c> is filled from <paramref name="parameters"/>. An alternative with a placeholder that
    /// cannot be filled cannot be satisfied. No alternatives means no scopes are needed.
    /// </summary>
    public static bool SatisfiesAny(
        IReadOnlyList<string> held, IReadOnlyList<IReadOnlyList<string>> alternatives,
        IReadOnlyDictionary<string, string> parameters, out IReadOnlyList<IReadOnlyList<string>> expanded)
    {
        var filled = new List<IReadOnlyList<string>>(alternatives.Count);
        bool satisfied = alternatives.Count == 0;
        foreach (var alternative in alternatives)
        {
            var scopes = new List<string>(alternative.Count);
            bool complete = true;
            foreach (string template in alternative)
            {
                string? scope = Fill(template, parameters);
                if (scope is null) { complete = false; scopes.Add(template); }
                else scopes.Add(scope);
            }
            filled.Add(scopes);
            if (complete && SatisfiesAll(held, scopes)) satisfied = true;
        }
        expanded = filled;
        return satisfied;
    }

    private static string? Fill(string template, IReadOnlyDictionary<string, string> parameters)
    {
        var builder = new StringBuilder(template.Length + 16);
        int position = 0;
        while (position < template.Length)
        {
            int open = template.IndexOf('<', position);
            int close = open < 0 ? -1 : template.IndexOf('>', open + 1);
            if (open < 0 || close < 0)
            {
                builder.Append(template, position, template.Length - position);
                break;
            }
            builder.Append(template, position, open - position);
            if (!parameters.TryGetValue(template.Substring(open + 1, close - open - 1), out var value)) return null;
            builder.Append(value);
            position = close + 1;
        }
        return builder.ToString();
    }
}
