using System;
using System.Collections.Generic;

namespace Taskcluster;

/// <summary>
/// Splits a received routing key into the exchange's named elements: single-word elements are taken from the left
/// up to the multi-word element and from the right after it; the multi-word element keeps the words in between.
/// </summary>
internal static class RoutingKeyParser
{
    private const string RoutePrefix = "route.";

    /// <summary>The parsed routing, or null when the key cannot be split against <paramref name="entry"/>.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(ExchangeEntry entry, string routingKey)
    {
        // CC'ed task routes have their own shape; reading them as the exchange's layout would invent values.
        if (routingKey.StartsWith(RoutePrefix, StringComparison.Ordinal)) return null;

        var elements = entry.RoutingKey;
        int multi = -1;
        for (int i = 0; i < elements.Count; i++)
        {
            if (elements[i].MultipleWords) { multi = i; break; }
        }
        // Without a multi-word element there is nothing to absorb extra or missing words: the original client gave
        // up on such exchanges, and so do we.
        if (multi < 0) return null;

        string[] words = routingKey.Split('.');
        var routing = new Dictionary<string, string>(StringComparer.Ordinal);
        int left = 0;
        for (int i = 0; i < multi; i++)
        {
            if (left < words.Length) routing[elements[i].Name] = words[left++];
        }
        int right = words.Length;
        for (int j = elements.Count - 1; j > multi; j--)
        {
            if (right > left) routing[elements[j].Name] = words[--right];
        }
        routing[elements[multi].Name] = right > left ? string.Join(".", words, left, right - left) : string.Empty;
        return routing;
    }

    /// <summary>The CC'ed routes that start with <c>route.</c>, prefix removed.</summary>
    public static IReadOnlyList<string> Routes(IDictionary<string, object?>? headers)
    {
        if (headers is null || !headers.TryGetValue("CC", out var value) || value is not IEnumerable<object?> entries)
            return Array.Empty<string>();
        List<string>? routes = null;
        foreach (var item in entries)
        {
            string? text = item switch
            {
                byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
                string s => s,
                _ => null,
            };
            if (text is null || !text.StartsWith(RoutePrefix, StringComparison.Ordinal)) continue;
            (routes ??= new List<string>()).Add(text.Substring(RoutePrefix.Length));
        }
        return routes is null ? Array.Empty<string>() : routes;
    }
}
