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

        var identity = Identify(id, ext);
        string expected = Mac(identity.Key, Normalized("header", ts, nonce, method, rawTarget, host, port, hash, ext));
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

        return identity.Caller;
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
        var identity = Identify(id, ext.Length == 0 ? null : ext);
        string expected = Mac(identity.Key, Normalized("bewit", exp, string.Empty, "GET", resource, host, port, null, ext));
        if (!FixedTimeEquals(expected, mac)) throw Unauthorized("Bad mac: the bewit does not match the URL.");
        if (!long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out long expiresAt)) throw Unauthorized("Bad bewit expiry.");
        if (expiresAt <= _clock.GetUtcNow().ToUnixTimeSeconds()) throw Unauthorized("Access expired: the signed URL is no longer valid.");
        return identity.Caller;
    }

    /// <summary>
    /// Works out which key signed the request and which scopes it may use: the client's own, or, for temporary
    /// credentials, the certificate's (checked against its issuer), narrowed by <c>authorizedScopes</c>.
    /// </summary>
    private (string Key, Caller Caller) Identify(string id, string? ext)
    {
        JsonElement? certificate = null;
        IReadOnlyList<string>? authorized = null;
        if (!string.IsNullOrEmpty(ext))
        {
            try
            {
                using var document = JsonDocument.Parse(Convert.FromBase64String(ext));
                var root = document.RootElement;
                if (root.TryGetProperty("certificate", out var given)) certificate = given.Clone();
                if (root.TryGetProperty("authorizedScopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array) authorized = ReadStrings(scopes);
            }
            catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
            {
                throw Unauthorized("The ext is not base64 JSON.");
            }
        }

        string key;
        IReadOnlyList<string> held;
        if (certificate is { } cert)
        {
            (key, held) = CheckCertificate(id, cert);
        }
        else
        {
            var client = FindClient(id);
            key = client.AccessToken;
            held = client.Scopes;
        }
        if (authorized is null) return (key, new Caller(id, held));
        if (!Scopes.SatisfiesAll(held, authorized))
            throw Unauthorized("authorizedScopes must be a subset of the client's scopes.");
        return (key, new Caller(id, authorized));
    }

    /// <summary>
    /// Checks a temporary-credentials certificate as TaskCluster does: signed by its issuer (the client itself, or the
    /// named <c>issuer</c>), valid now within a five-minute skew, at most 31 days long, its scopes within the
    /// issuer's. Returns the derived key the request must have been signed with.
    /// </summary>
    private (string Key, IReadOnlyList<string> Scopes) CheckCertificate(string id, JsonElement certificate)
    {
        try
        {
            if (certificate.GetProperty("version").GetInt32() != 1) throw Unauthorized("Unsupported certificate version.");
            var scopes = ReadStrings(certificate.GetProperty("scopes"));
            long start = certificate.GetProperty("start").GetInt64();
            long expiry = certificate.GetProperty("expiry").GetInt64();
            string seed = certificate.GetProperty("seed").GetString() ?? throw Unauthorized("The certificate has no seed.");
            string signature = certificate.GetProperty("signature").GetString() ?? throw Unauthorized("The certificate has no signature.");
            string? issuerId = certificate.TryGetProperty("issuer", out var issuerElement) ? issuerElement.GetString() : null;
            var issuer = FindClient(issuerId ?? id);

            var text = new StringBuilder("version:1");
            if (issuerId is not null) text.Append("\nclientId:").Append(id).Append("\nissuer:").Append(issuerId);
            text.Append("\nseed:").Append(seed).Append("\nstart:").Append(start).Append("\nexpiry:").Append(expiry).Append("\nscopes:");
            foreach (string scope in scopes) text.Append('\n').Append(scope);
            if (!FixedTimeEquals(Mac(issuer.AccessToken, text.ToString()), signature)) throw Unauthorized("Bad certificate signature.");

            long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            const long skew = 5 * 60 * 1000;
            if (start > now + skew) throw Unauthorized("The temporary credentials are not valid yet.");
            if (expiry < now - skew) throw Unauthorized("The temporary credentials have expired.");
            if (expiry - start > 31L * 24 * 60 * 60 * 1000) throw Unauthorized("Temporary credentials may last at most 31 days.");
            if (issuerId is not null && !Scopes.Satisfies(issuer.Scopes, "auth:create-client:" + id))
                throw Unauthorized($"Issuer '{issuerId}' may not name temporary credentials '{id}' (needs auth:create-client:{id}).");
            if (!Scopes.SatisfiesAll(issuer.Scopes, scopes)) throw Unauthorized("The certificate grants scopes its issuer does not have.");

            string key = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(issuer.AccessToken), Encoding.UTF8.GetBytes(seed)))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return (key, scopes);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Unauthorized("The certificate is malformed: " + exception.Message);
        }
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
