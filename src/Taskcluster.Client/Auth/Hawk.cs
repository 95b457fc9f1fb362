using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Taskcluster;

/// <summary>
/// Hawk (sha256) as TaskCluster verifies it: request headers, payload hashes, bewits for signed URLs, and the
/// base64-JSON <c>ext</c> that carries <c>authorizedScopes</c>.
/// </summary>
internal static class Hawk
{
    // 64 letters, so a random byte masked to 6 bits picks one uniformly; none needs quoting in a header.
    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // Relaxed escaping keeps the ext byte-for-byte what JSON.stringify produces for ordinary scopes.
    private static readonly JsonWriterOptions s_extWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The payload hash of a request without a body. Hawk 1.0 (what the original client used) hashes even an absent
    /// payload, and servers that check hashes expect it, so this constant goes into every bodiless request.
    /// </summary>
    public static readonly string EmptyPayloadHash = PayloadHash(string.Empty, ReadOnlySpan<byte>.Empty);

    // Random bytes are fetched in batches: one CSPRNG call costs microseconds, and every request needs a nonce.
    // A nonce only has to be unique, not secret (it is sent in clear), so buffering the bytes is safe.
    private const int NonceLength = 8;
    private const int RandomBatch = 64 * NonceLength;
    [ThreadStatic] private static byte[]? t_random;
    [ThreadStatic] private static int t_randomUsed;

    /// <summary>A fresh random nonce: 8 characters of a 64-letter alphabet, 48 bits, as unpredictable as Hawk needs.</summary>
    public static string NewNonce()
    {
        var random = t_random;
        if (random is null || t_randomUsed + NonceLength > RandomBatch)
        {
            random = t_random ??= new byte[RandomBatch];
            RandomNumberGenerator.Fill(random);
            t_randomUsed = 0;
        }
        string nonce = string.Create(NonceLength, (random, t_randomUsed), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = NonceAlphabet[state.random[state.Item2 + i] & 63];
        });
        t_randomUsed += NonceLength;
        return nonce;
    }

    /// <summary>The Hawk payload hash of a body with a content type (an absent body hashes as empty).</summary>
    public static string PayloadHash(string contentType, ReadOnlySpan<byte> body)
    {
        // Only the media type counts, lower-cased, without parameters such as charset.
        int semicolon = contentType.IndexOf(';');
        string mediaType = (semicolon >= 0 ? contentType.Substring(0, semicolon) : contentType).Trim().ToLowerInvariant();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes("hawk.1.payload\n" + mediaType + "\n"));
        hash.AppendData(body);
        hash.AppendData("\n"u8);
        return Convert.ToBase64String(hash.GetHashAndReset());
    }

    /// <summary>
    /// The <c>ext</c> value: base64 of <c>{"certificate":{...},"authorizedScopes":[...]}</c> with whichever of the two
    /// applies, or null when there is nothing to say.
    /// </summary>
    public static string? Ext(IReadOnlyList<string>? authorizedScopes, string? certificate = null)
    {
        if (authorizedScopes is null && certificate is null) return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_extWriterOptions))
        {
            writer.WriteStartObject();
            if (certificate is not null)
            {
                // The certificate travels as a JSON object, not as a string holding JSON.
                writer.WritePropertyName("certificate");
                writer.WriteRawValue(certificate);
            }
            if (authorizedScopes is not null)
            {
                writer.WriteStartArray("authorizedScopes");
                foreach (string scope in authorizedScopes) writer.WriteStringValue(scope);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Convert.ToBase64String(buffer.WrittenSpan);
    }

    /// <summary>The normalized string Hawk signs.</summary>
    /// <remarks>
    /// The resource is <see cref="Uri.PathAndQuery"/> of the very <see cref="Uri"/> object that is sent, so the
    /// signature always covers the bytes of the request line (callers build URIs without path canonicalization).
    /// </remarks>
    public static string NormalizedString(
        string type, long timestamp, string nonce, string method, Uri uri, string? hash, string? ext)
    {
        var builder = new StringBuilder(192);
        builder.Append("hawk.1.").Append(type).Append('\n')
            .Append(timestamp.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(nonce).Append('\n')
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(uri.PathAndQuery).Append('\n')
            .Append(uri.Host.ToLowerInvariant()).Append('\n')
            .Append(uri.Port.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(hash ?? string.Empty).Append('\n');
        if (!string.IsNullOrEmpty(ext)) builder.Append(ext!.Replace("\\", "\\\\").Replace("\n", "\\n"));
        builder.Append('\n');
        return builder.ToString();
    }

    /// <summary>HMAC-SHA256 of the normalized string, base64.</summary>
    public static string Mac(string accessToken, string normalized) => Mac(Encoding.UTF8.GetBytes(accessToken), normalized);

    /// <summary>HMAC-SHA256 of the normalized string with an already-encoded key, base64.</summary>
    public static string Mac(byte[] key, string normalized)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(normalized.Length);
        byte[]? rented = null;
        Span<byte> data = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = Encoding.UTF8.GetBytes(normalized, data);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, data.Slice(0, length), mac);
            return Convert.ToBase64String(mac);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The full <c>Authorization</c> header value, fields in the order the original client wrote them.</summary>
    public static string Header(
        Credentials credentials, string method, Uri uri, long timestamp, string nonce, string payloadHash, string? ext)
        => Header(credentials.ClientId, Encoding.UTF8.GetBytes(credentials.AccessToken), method, uri, timestamp, nonce, payloadHash, ext);

    /// <summary>The full <c>Authorization</c> header value, with the key already encoded.</summary>
    public static string Header(
        string clientId, byte[] key, string method, Uri uri, long timestamp, string nonce, string payloadHash, string? ext)
    {
        string mac = Mac(key, NormalizedString("header", timestamp, nonce, method, uri, payloadHash, ext));
        return FormatHeader(clientId, timestamp, nonce, payloadHash, ext, mac);
    }

    /// <summary>Writes the header's fields in the order the original client wrote them.</summary>
    public static string FormatHeader(string clientId, long timestamp, string nonce, string payloadHash, string? ext, string mac)
    {
        var builder = new StringBuilder(160 + (ext?.Length ?? 0));
        builder.Append("Hawk id=\"").Append(clientId)
            .Append("\", ts=\"").Append(timestamp.ToString(CultureInfo.InvariantCulture))
            .Append("\", nonce=\"").Append(nonce)
            .Append("\", hash=\"").Append(payloadHash).Append('"');
        if (!string.IsNullOrEmpty(ext)) builder.Append(", ext=\"").Append(ext).Append('"');
        builder.Append(", mac=\"").Append(mac).Append('"');
        return builder.ToString();
    }

    /// <summary>The <c>bewit</c> query value for a GET of <paramref name="uri"/> that expires at <paramref name="expiresAt"/>.</summary>
    public static string Bewit(Credentials credentials, Uri uri, long expiresAt, string? ext)
    {
        string mac = Mac(credentials.AccessToken, NormalizedString("bewit", expiresAt, string.Empty, "GET", uri, null, ext));
        string raw = credentials.ClientId + "\\" + expiresAt.ToString(CultureInfo.InvariantCulture) + "\\" + mac + "\\" + ext;
        return Base64Url(Encoding.UTF8.GetBytes(raw));
    }

    private static string Base64Url(byte[] bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
