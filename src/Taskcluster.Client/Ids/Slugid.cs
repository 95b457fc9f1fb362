using System;
using System.Security.Cryptography;

namespace Taskcluster;

/// <summary>
/// TaskCluster's identifiers (task ids, task-graph ids): a random version-4 UUID written as 22 characters of
/// URL-safe base64 without padding.
/// </summary>
public static class Slugid
{
    /// <summary>
    /// A new id whose first character is a letter or digit, never <c>-</c> or <c>_</c>, so it is safe as a
    /// command-line argument. Use this for task ids.
    /// </summary>
    /// <returns>A 22-character id.</returns>
    public static string Nice()
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes);
        // Clearing the top bit keeps the first base64 character in A-Z, a-f... (never '-' or '_').
        bytes[0] &= 0x7f;
        return Encode(bytes);
    }

    /// <summary>A new id that may start with any URL-safe base64 character.</summary>
    /// <returns>A 22-character id.</returns>
    public static string V4()
    {
        Span<byte> bytes = stackalloc byte[16];
        Fill(bytes);
        return Encode(bytes);
    }

    private static void Fill(Span<byte> bytes)
    {
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
        => Convert.ToBase64String(bytes).Substring(0, 22).Replace('+', '-').Replace('/', '_');
}
