using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Taskcluster.Client.Tests.Support;

/// <summary>The verdict on one request: either the identity and what was signed, or why it was refused.</summary>
internal sealed record HawkResult(bool Accepted, string? Error, string? Id, string? Nonce, long Timestamp, string? Ext, string? NormalizedString)
{
    /// <summary>The ext as the JSON text it encodes, or null when none was sent.</summary>
    public string? ExtJson => string.IsNullOrEmpty(Ext) ? null : Encoding.UTF8.GetString(Convert.FromBase64String(Ext));

    public static HawkResult Refused(string error) => new(false, error, null, null, 0, null, null);
}

/// <summary>
/// Checks Hawk headers and bewits the way a TaskCluster server does. Written from the Hawk scheme itself and
/// deliberately shares no code with the SDK's signer: its own header parser, normalized string, payload hash and
/// HMAC, so that a mistake in the SDK cannot be mirrored here.
/// </summary>
internal sealed partial class HawkVerifier
{
    private readonly Func<string, string?> _keyFor;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _allowedSkew;
    private readonly ConcurrentDictionary<string, bool> _seenNonces = new();

    public HawkVerifier(Func<string, string?> keyFor, TimeProvider clock, TimeSpan? allowedSkew = null)
    {
        _keyFor = keyFor;
        _clock = clock;
        _allowedSkew = allowedSkew ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>Whether a nonce seen before (for the same id and timestamp) is refused as a replay.</summary>
    public bool RejectReplays { get; init; }

    /// <summary>A verifier that knows one client: the vectors' <c>test-client</c> / <c>test-token</c>.</summary>
    public static HawkVerifier ForTestClient(TimeProvider clock)
        => new(id => id == "test-client" ? "test-token" : null, clock);

    [GeneratedRegex("""^\s*(?<key>[a-z]+)="(?<value>[^"\\]*)"\s*(,|$)""")]
    private static partial Regex AttributePattern();

    /// <summary>Verifies an <c>Authorization</c> header for a request as the server received it.</summary>
    public HawkResult VerifyHeader(
        string? authorization, string method, string resource, string host, int port, string? contentType, byte[] body)
    {
        if (authorization is null) return HawkResult.Refused("no Authorization header");
        if (!authorization.StartsWith("Hawk ", StringComparison.Ordinal)) return HawkResult.Refused("not a Hawk header");

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        string rest = authorization.Substring(5);
        while (rest.Length > 0)
        {
            var match = AttributePattern().Match(rest);
            if (!match.Success) return HawkResult.Refused($"bad header syntax near '{rest}'");
            string key = match.Groups["key"].Value;
            if (key is not ("id" or "ts" or "nonce" or "hash" or "ext" or "mac" or "app" or "dlg"))
                return HawkResult.Refused($"unknown attribute {key}");
            if (!attributes.TryAdd(key, match.Groups["value"].Value)) return HawkResult.Refused($"duplicate attribute {key}");
            rest = rest.Substring(match.Length);
        }
        foreach (string required in new[] { "id", "ts", "nonce", "mac" })
        {
            if (!attributes.ContainsKey(required)) return HawkResult.Refused($"missing {required}");
        }

        string id = attributes["id"];
        string? key2 = _keyFor(id);
        if (key2 is null) return HawkResult.Refused($"unknown client {id}");
        if (!long.TryParse(attributes["ts"], NumberStyles.None, CultureInfo.InvariantCulture, out long ts))
            return HawkResult.Refused("bad ts");
        attributes.TryGetValue("ext", out string? ext);
        attributes.TryGetValue("hash", out string? hash);

        string normalized = Normalize("header", ts, attributes["nonce"], method, resource, host, port, hash, ext);
        if (!SameBase64(Hmac(key2, normalized), attributes["mac"])) return HawkResult.Refused("bad mac");

        // The payload hash is checked only after the MAC, as a server does: the MAC is what makes 'hash' trustworthy.
        if (hash is null) return HawkResult.Refused("missing payload hash");
        string computed = PayloadHashOf(contentType, body);
        if (!SameBase64(computed, hash)) return HawkResult.Refused("bad payload hash");

        long now = _clock.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - ts) > (long)_allowedSkew.TotalSeconds) return HawkResult.Refused("stale timestamp");
        if (RejectReplays && !_seenNonces.TryAdd($"{id}\n{ts}\n{attributes["nonce"]}", true))
            return HawkResult.Refused("replayed nonce");
        if (ext is not null && !IsBase64Json(ext)) return HawkResult.Refused("ext is not base64 JSON");

        return new HawkResult(true, null, id, attributes["nonce"], ts, ext, normalized);
    }

    /// <summary>Verifies a signed URL (GET only) given the request target as received, bewit included.</summary>
    public HawkResult VerifyBewit(string method, string requestTarget, string host, int port)
    {
        if (method != "GET") return HawkResult.Refused("bewits only authorize GET");
        int query = requestTarget.IndexOf('?');
        if (query < 0) return HawkResult.Refused("no query");
        string path = requestTarget.Substring(0, query);
        var kept = new List<string>();
        string? bewit = null;
        foreach (string part in requestTarget.Substring(query + 1).Split('&'))
        {
            if (part.StartsWith("bewit=", StringComparison.Ordinal)) bewit = part.Substring(6);
            else kept.Add(part);
        }
        if (string.IsNullOrEmpty(bewit)) return HawkResult.Refused("no bewit");
        string resource = kept.Count == 0 ? path : path + "?" + string.Join("&", kept);

        string decoded;
        try
        {
            string padded = bewit.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return HawkResult.Refused("bewit is not base64url");
        }
        string[] fields = decoded.Split('\\');
        if (fields.Length != 4) return HawkResult.Refused("bewit does not have four fields");
        string id = fields[0];
        string? key = _keyFor(id);
        if (key is null) return HawkResult.Refused($"unknown client {id}");
        if (!long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long expires))
            return HawkResult.Refused("bad expiry");
        string ext = fields[3];
        string normalized = Normalize("bewit", expires, string.Empty, "GET", resource, host, port, null, ext);
        if (!SameBase64(Hmac(key, normalized), fields[2])) return HawkResult.Refused("bad mac");
        if (_clock.GetUtcNow().ToUnixTimeSeconds() >= expires) return HawkResult.Refused("expired");
        return new HawkResult(true, null, id, null, expires, ext, normalized);
    }

    /// <summary>The payload hash a server expects for a body and its Content-Type (media type only, lower case).</summary>
    public static string PayloadHashOf(string? contentType, byte[] body)
    {
        string mediaType = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        byte[] prefix = Encoding.UTF8.GetBytes($"hawk.1.payload\n{mediaType}\n");
        var all = new byte[prefix.Length + body.Length + 1];
        prefix.CopyTo(all, 0);
        body.CopyTo(all, prefix.Length);
        all[^1] = (byte)'\n';
        return Convert.ToBase64String(SHA256.HashData(all));
    }

    private static string Normalize(
        string type, long ts, string nonce, string method, string resource, string host, int port, string? hash, string? ext)
    {
        string escapedExt = (ext ?? string.Empty).Replace("\\", "\\\\").Replace("\n", "\\n");
        return string.Join("\n", new[]
        {
            "hawk.1." + type, ts.ToString(CultureInfo.InvariantCulture), nonce, method.ToUpperInvariant(), resource,
            host.ToLowerInvariant(), port.ToString(CultureInfo.InvariantCulture), hash ?? string.Empty, escapedExt,
        }) + "\n";
    }

    private static string Hmac(string key, string normalized)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(normalized)));
    }

    private static bool SameBase64(string expected, string actual)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    private static bool IsBase64Json(string ext)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(ext));
            return true;
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
