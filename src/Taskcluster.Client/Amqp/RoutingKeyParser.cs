using System;
using System.Collections.Generic;

namespace Taskcluster;

/// <summary>
/// Splits a received routing key into the named elements of its exchange's routing-key layout.
/// </summary>
/// <remarks>
/// The algorithm is the one the 2014 client used, kept so that <c>Message.Routing</c> has the same values:
/// single-word elements take words from the left up to the first multi-word element, the elements after it take
/// words from the right, and the multi-word element gets whatever is left in the middle, joined by dots. When there
/// are too few words, the elements that get none are left out and the multi-word element is empty. A layout without
/// exactly one multi-word element cannot be parsed this way, so it yields no routing at all.
/// </remarks>
internal static class RoutingKeyParser
{
    /// <summary>Parses <paramref name="routingKey"/> against <paramref name="entry"/>'s layout.</summary>
    /// <returns>Values by element name, or null when the layout has no single multi-word element.</returns>
    public static IReadOnlyDictionary<string, string>? Parse(ExchangeEntry entry, string routingKey)
    {
        var elements = entry.RoutingKey;
        int multi = -1;
        for (int i = 0; i < elements.Count; i++)
        {
            if (!elements[i].MultipleWords) continue;
            // Two multi-word elements make the split ambiguous.
            if (multi >= 0) return null;
            multi = i;
        }
        if (multi < 0) return null;

        string[] words = routingKey.Split('.');
        int left = 0;
        int right = words.Length; // exclusive
        var routing = new Dictionary<string, string>(elements.Count, StringComparer.Ordinal);
        for (int i = 0; i < multi; i++)
        {
            if (left < right) routing[elements[i].Name] = words[left++];
        }
        for (int i = elements.Count - 1; i > multi; i--)
        {
            if (right > left) routing[elements[i].Name] = words[--right];
        }
        routing[elements[multi].Name] = right > left ? string.Join(".", words, left, right - left) : string.Empty;
        return routing;
    }
}
