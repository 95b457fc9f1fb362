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
    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Relaxed escaping keeps the ext byte-for-byte what JSON.stringify produces for ordinary scopes.
    private static readonly JsonWriterOptions s_extWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The payload hash of a request without a body. Hawk 1.0 (what the original client used) hashes even an absent
    /// payload, and servers that check hashes expect it, so this constant goes into every bodiless request.
    /// </summary>
    public static readonly string EmptyPayloadHash = PayloadHash(string.Empty, ReadOnlySpan<byte>.Empty);

    /// <summary>A fresh random nonce: 8 characters, ~47 bits, as unpredictable as Hawk needs.</summary>
    public static string NewNonce()
    {
        // One call to the CSPRNG for all eight characters; it is on every request's path.
        return string.Create(8, 0, static (chars, _) => RandomNumberGenerator.GetItems(NonceAlphabet.AsSpan(), chars));
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

    /// <summary>The <c>ext</c> value: base64 of <c>{"authorizedScopes":[...]}</c>, or null when there is nothing to say.</summary>
    public static string? Ext(IReadOnlyList<string>? authorizedScopes)
    {
        if (authorizedScopes is null) return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_extWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("authorizedScopes");
            foreach (string scope in authorizedScopes) writer.WriteStringValue(scope);
            writer.WriteEndArray();
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

    /// <summary>The full <c>Authorization</c> header value, with the key already encoded (the per-request path).</summary>
    public static string Header(
        string clientId, byte[] key, string method, Uri uri, long timestamp, string nonce, string payloadHash, string? ext)
    {
        string ts = timestamp.ToString(CultureInfo.InvariantCulture);
        string mac = Mac(key, NormalizedString("header", timestamp, nonce, method, uri, payloadHash, ext));
        var builder = new StringBuilder(160 + (ext?.Length ?? 0));
        builder.Append("Hawk id=\"").Append(clientId)
            .Append("\", ts=\"").Append(ts)
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
