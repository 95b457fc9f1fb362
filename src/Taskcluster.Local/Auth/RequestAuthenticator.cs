using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Taskcluster.Local;

/// <summary>Who made a request, and the scopes it may use (the client's, or its authorizedScopes when it restricted them).</summary>
internal sealed record Caller(string? ClientId, IReadOnlyList<string> Scopes)
{
    public static readonly Caller Anonymous = new(null, Array.Empty<string>());
}

/// <summary>
/// Verifies Hawk request headers and bewits the way a TaskCluster service does: MAC over the normalized request,
/// payload hash, timestamp skew, replayed nonces, expiry, and <c>authorizedScopes</c> in the <c>ext</c>.
/// This is the server's side of the protocol, written from the Hawk specification, independent of the SDK's signer.
/// </summary>
internal sealed class RequestAuthenticator
{
    private readonly Dictionary<string, LocalClient> _clients;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _skew;
    private readonly ConcurrentDictionary<string, long> _seenNonces = new(StringComparer.Ordinal);

    public RequestAuthenticator(IEnumerable<LocalClient> clients, TimeProvider clock, TimeSpan skew)
    {
        _clients = new Dictionary<string, LocalClient>(StringComparer.Ordinal);
        foreach (var client in clients) _clients[client.ClientId] = client;
        _clock = clock;
        _skew = skew;
    }

    /// <summary>Authenticates a request by its Authorization header, or its bewit; anonymous when it has neither.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="rawTarget">The path and query exactly as received.</param>
    /// <param name="host">The host the client addressed (without port).</param>
    /// <param name="port">The port the client addressed.</param>
    /// <param name="authorization">The Authorization header, if any.</param>
    /// <param name="contentType">The request's content type, if any.</param>
    /// <param name="body">The request body.</param>
    public Caller Authenticate(string method, string rawTarget, string host, int port, string? authorization, string? contentType, byte[] body)
    {
        if (!string.IsNullOrEmpty(authorization)) return AuthenticateHeader(method, rawTarget, host, port, authorization!, contentType, body);
        int bewitAt = FindBewit(rawTarget, out int bewitEnd);
        if (bewitAt >= 0) return AuthenticateBewit(method, rawTarget, host, port, bewitAt, bewitEnd);
        return Caller.Anonymous;
    }

    private Caller AuthenticateHeader(string method, string rawTarget, string host, int port, string header, string? contentType, byte[] body)
    {
        if (!header.StartsWith("Hawk ", StringComparison.Ordinal)) throw Unauthorized("Only Hawk authentication is supported.");
        var attributes = ParseAttributes(header.AsSpan(5));
        string id = Required(attributes, "id");
        string ts = Required(attributes, "ts");
        string nonce = Required(attributes, "nonce");
        string mac = Required(attributes, "mac");
        attributes.TryGetValue("hash", out var hash);
        attributes.TryGetValue("ext", out var ext);

        var client = FindClient(id);
        string expected = Mac(client.AccessToken, Normalized("header", ts, nonce, method, rawTarget, host, port, hash, ext));
        if (!FixedTimeEquals(expected, mac)) throw Unauthorized("Bad mac: the request signature does not match.");

        if (hash is not null)
        {
            string expectedHash = PayloadHash(contentType, body);
            if (!FixedTimeEquals(expectedHash, hash)) throw Unauthorized("Bad payload hash: the body is not what was signed.");
        }
        else if (body.Length > 0)
        {
            throw Unauthorized("Missing payload hash: a request with a body must sign it.");
        }

        if (!long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp)) throw Unauthorized("Bad timestamp.");
        long now = _clock.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - timestamp) > (long)_skew.TotalSeconds) throw Unauthorized("Stale timestamp: check the client's clock.");
        if (!_seenNonces.TryAdd(id + "\n" + ts + "\n" + nonce, timestamp)) throw Unauthorized("Replayed nonce: this request was already received.");
        ForgetOldNonces(now);

        return CallerFor(client, ext);
    }

    private Caller AuthenticateBewit(string method, string rawTarget, string host, int port, int bewitAt, int bewitEnd)
    {
        if (method != "GET" && method != "HEAD") throw Unauthorized("A bewit is only valid for GET requests.");
        string encoded = rawTarget.Substring(bewitAt + "bewit=".Length, bewitEnd - bewitAt - "bewit=".Length);
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64UrlDecode(Uri.UnescapeDataString(encoded)));
        }
        catch (FormatException)
        {
            throw Unauthorized("Invalid bewit encoding.");
        }
        string[] parts = decoded.Split('\\');
        if (parts.Length != 4) throw Unauthorized("Invalid bewit structure.");
        string id = parts[0], exp = parts[1], mac = parts[2], ext = parts[3];

        // The signature covers the URL without the bewit parameter (and the '?' or '&' that introduced it).
        int cutFrom = bewitAt - 1;
        string resource = rawTarget.Substring(0, cutFrom) + (rawTarget[cutFrom] == '?' && bewitEnd < rawTarget.Length
            ? "?" + rawTarget.Substring(bewitEnd + 1)
            : rawTarget.Substring(bewitEnd));
        var client = FindClient(id);
        string expected = Mac(client.AccessToken, Normalized("bewit", exp, string.Empty, "GET", resource, host, port, null, ext));
        if (!FixedTimeEquals(expected, mac)) throw Unauthorized("Bad mac: the bewit does not match the URL.");
        if (!long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out long expiresAt)) throw Unauthorized("Bad bewit expiry.");
        if (expiresAt <= _clock.GetUtcNow().ToUnixTimeSeconds()) throw Unauthorized("Access expired: the signed URL is no longer valid.");
        return CallerFor(client, ext.Length == 0 ? null : ext);
    }

    private Caller CallerFor(LocalClient client, string? ext)
    {
        if (string.IsNullOrEmpty(ext)) return new Caller(client.ClientId, client.Scopes);
        IReadOnlyList<string>? authorized;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(ext));
            authorized = document.RootElement.TryGetProperty("authorizedScopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array
                ? ReadStrings(scopes)
                : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            throw Unauthorized("The ext is not base64 JSON.");
        }
        if (authorized is null) return new Caller(client.ClientId, client.Scopes);
        if (!Scopes.SatisfiesAll(client.Scopes, authorized))
            throw Unauthorized("authorizedScopes must be a subset of the client's scopes.");
        return new Caller(client.ClientId, authorized);
    }

    private LocalClient FindClient(string id)
        => _clients.TryGetValue(id, out var client) ? client : throw Unauthorized($"Unknown client '{id}'.");

    private void ForgetOldNonces(long now)
    {
        if (_seenNonces.Count < 10_000) return;
        foreach (var pair in _seenNonces)
        {
            if (Math.Abs(now - pair.Value) > (long)_skew.TotalSeconds) _seenNonces.TryRemove(pair.Key, out _);
        }
    }

    private static List<string> ReadStrings(JsonElement array)
    {
        var list = new List<string>();
        foreach (var item in array.EnumerateArray()) list.Add(item.GetString() ?? throw new InvalidOperationException());
        return list;
    }

    private static int FindBewit(string rawTarget, out int end)
    {
        end = -1;
        int query = rawTarget.IndexOf('?');
        if (query < 0) return -1;
        int at = query + 1;
        while (at < rawTarget.Length)
        {
            int next = rawTarget.IndexOf('&', at);
            int stop = next < 0 ? rawTarget.Length : next;
            if (string.CompareOrdinal(rawTarget, at, "bewit=", 0, 6) == 0)
            {
                end = stop;
                return at;
            }
            if (next < 0) break;
            at = next + 1;
        }
        return -1;
    }

    private static Dictionary<string, string> ParseAttributes(ReadOnlySpan<char> text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!text.IsEmpty)
        {
            text = text.TrimStart(", ");
            if (text.IsEmpty) break;
            int equals = text.IndexOf("=\"");
            if (equals <= 0) throw Unauthorized("Malformed Hawk header.");
            string key = text.Slice(0, equals).ToString();
            text = text.Slice(equals + 2);
            int quote = text.IndexOf('"');
            if (quote < 0) throw Unauthorized("Malformed Hawk header.");
            if (!attributes.TryAdd(key, text.Slice(0, quote).ToString())) throw Unauthorized($"Duplicate Hawk attribute '{key}'.");
            text = text.Slice(quote + 1);
        }
        return attributes;
    }

    private static string Required(Dictionary<string, string> attributes, string name)
        => attributes.TryGetValue(name, out var value) && value.Length > 0 ? value : throw Unauthorized($"Missing Hawk attribute '{name}'.");

    private static string Normalized(string type, string ts, string nonce, string method, string resource, string host, int port, string? hash, string? ext)
    {
        var builder = new StringBuilder();
        builder.Append("hawk.1.").Append(type).Append('\n').Append(ts).Append('\n').Append(nonce).Append('\n')
            .Append(method.ToUpperInvariant()).Append('\n').Append(resource).Append('\n').Append(host.ToLowerInvariant()).Append('\n')
            .Append(port.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(hash).Append('\n');
        if (!string.IsNullOrEmpty(ext)) builder.Append(ext.Replace("\\", "\\\\").Replace("\n", "\\n"));
        return builder.Append('\n').ToString();
    }

    private static string PayloadHash(string? contentType, byte[] body)
    {
        string mediaType = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        byte[] prefix = Encoding.UTF8.GetBytes("hawk.1.payload\n" + mediaType + "\n");
        byte[] all = new byte[prefix.Length + body.Length + 1];
        prefix.CopyTo(all, 0);
        body.CopyTo(all, prefix.Length);
        all[^1] = (byte)'\n';
        return Convert.ToBase64String(SHA256.HashData(all));
    }

    private static string Mac(string key, string normalized)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(normalized)));

    private static bool FixedTimeEquals(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static byte[] Base64UrlDecode(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Convert.FromBase64String(padded);
    }

    private static ServiceError Unauthorized(string message) => new(401, "AuthenticationFailed", message);
}
