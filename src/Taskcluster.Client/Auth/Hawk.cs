using System;
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

    /// <summary>A fresh random nonce: 8 characters, ~47 bits, as unpredictable as Hawk needs.</summary>
    public static string NewNonce()
    {
        Span<char> chars = stackalloc char[8];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = NonceAlphabet[RandomNumberGenerator.GetInt32(NonceAlphabet.Length)];
        }
        return new string(chars);
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
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
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
    public static string NormalizedString(
        string type, long timestamp, string nonce, string method, Uri uri, string? hash, string? ext)
    {
        var builder = new StringBuilder(256);
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
    public static string Mac(string accessToken, string normalized)
    {
        byte[] key = Encoding.UTF8.GetBytes(accessToken);
        byte[] data = Encoding.UTF8.GetBytes(normalized);
        return Convert.ToBase64String(HMACSHA256.HashData(key, data));
    }

    /// <summary>The full <c>Authorization</c> header value (without the scheme name's trailing space rules).</summary>
    public static string Header(
        Credentials credentials, string method, Uri uri, long timestamp, string nonce, string payloadHash, string? ext)
    {
        string mac = Mac(credentials.AccessToken, NormalizedString("header", timestamp, nonce, method, uri, payloadHash, ext));
        var builder = new StringBuilder(256);
        builder.Append("Hawk id=\"").Append(credentials.ClientId)
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
