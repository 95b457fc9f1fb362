using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Taskcluster.Local;

/// <summary>
/// TaskCluster's paging over an ordered list: at most <c>limit</c> items (1000 by default and at most), and a
/// <c>continuationToken</c> when more follow. The token is the last key returned, so a page stays right when items
/// are added or removed between calls; clients must treat it as opaque. The token goes into the answer's model, whose
/// writer leaves it out when it is null, as TaskCluster leaves it out on the last page.
/// </summary>
internal static class Paging
{
    public const int MaxLimit = 1000;

    /// <summary>The page after the request's continuation token, from items ordered by their (ordinal) key.</summary>
    public static List<T> Page<T>(IEnumerable<T> ordered, Func<T, string> key, ServiceRequest request, out string? continuationToken)
    {
        int limit = Limit(request);
        string? after = Decode(request.QueryValue("continuationToken"));
        var page = new List<T>();
        continuationToken = null;
        foreach (var item in ordered)
        {
            if (after is not null && string.CompareOrdinal(key(item), after) <= 0) continue;
            if (page.Count == limit)
            {
                continuationToken = Encode(key(page[^1]));
                break;
            }
            page.Add(item);
        }
        return page;
    }

    private static int Limit(ServiceRequest request)
    {
        if (request.QueryValue("limit") is not { } text) return MaxLimit;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) || limit < 1)
            throw ServiceError.BadRequest($"limit must be a positive integer, not '{text}'.");
        return Math.Min(limit, MaxLimit);
    }

    private static string Encode(string key)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            string padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            throw ServiceError.BadRequest($"'{token}' is not a continuationToken this service gave out.");
        }
    }
}
