using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
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
    // Relaxed escaping keeps the ext byte-for-byte what JSON.stringify produces for ordinary scopes.
    private static readonly JsonWriterOptions s_extWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The payload hash of a request without a body. Hawk 1.0 (what the original client used) hashes even an absent
    /// payload, and servers that check hashes expect it, so this constant goes into every bodiless request.
    /// </summary>
    public static readonly string EmptyPayloadHash = PayloadHash(string.Empty, ReadOnlySpan<byte>.Empty);

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

    /// <summary>The normalized string Hawk signs, as text (for tests and diagnostics; signing uses the bytes).</summary>
    /// <remarks>
    /// The resource is <see cref="Uri.PathAndQuery"/> of the very <see cref="Uri"/> object that is sent, so the
    /// signature always covers the bytes of the request line (callers build URIs without path canonicalization).
    /// </remarks>
    public static string NormalizedString(
        string type, long timestamp, string nonce, string method, Uri uri, string? hash, string? ext)
    {
        byte[] tail = NormalizedTail(uri, hash, EscapeExt(ext));
        byte[] buffer = new byte[MaxHeadBytes(type, nonce, method, uri) + tail.Length];
        int length = WriteHead(buffer, type, timestamp, nonce, method, uri);
        tail.CopyTo(buffer.AsSpan(length));
        return Encoding.UTF8.GetString(buffer, 0, length + tail.Length);
    }

    /// <summary>
    /// The MAC of the normalized string, computed with <paramref name="key"/> (the access token, prepared once)
    /// into <paramref name="mac"/>. <paramref name="tail"/> is <see cref="NormalizedTail"/> for the request.
    /// </summary>
    /// <remarks>
    /// The normalized string is written straight into UTF-8 bytes: it is only ever hashed, so building it as a string
    /// first would be an allocation and a copy on every request.
    /// </remarks>
    // Buffers on the signing path are written in full before they are read: zeroing them first is wasted work.
    [SkipLocalsInit]
    public static void ComputeMac(
        HmacSha256Key key, string type, long timestamp, ReadOnlySpan<char> nonce, string method, Uri uri,
        ReadOnlySpan<byte> tail, Span<byte> mac)
    {
        int maxBytes = MaxHeadBytes(type, nonce, method, uri) + tail.Length;
        byte[]? rented = null;
        Span<byte> data = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = WriteHead(data, type, timestamp, nonce, method, uri);
            tail.CopyTo(data.Slice(length));
            key.Compute(data.Slice(0, length + tail.Length), mac);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The end of a normalized string, after the resource: <c>host\nport\nhash\next\n</c>. Every bodiless request
    /// a client sends to one origin has the same tail, so the signer keeps it instead of encoding it each time.
    /// </summary>
    public static byte[] NormalizedTail(Uri uri, string? hash, string? escapedExt)
    {
        string host = uri.Host.ToLowerInvariant();
        string port = uri.Port.ToString(CultureInfo.InvariantCulture);
        var tail = new byte[Encoding.UTF8.GetByteCount(host) + port.Length + (hash?.Length ?? 0)
            + (escapedExt is null ? 0 : Encoding.UTF8.GetByteCount(escapedExt)) + 4];
        int length = 0;
        Append(tail, ref length, host);
        tail[length++] = (byte)'\n';
        Append(tail, ref length, port);
        tail[length++] = (byte)'\n';
        if (hash is not null) Append(tail, ref length, hash);
        tail[length++] = (byte)'\n';
        if (escapedExt is not null) Append(tail, ref length, escapedExt);
        tail[length++] = (byte)'\n';
        return tail;
    }

    /// <summary>The ext as it stands in the normalized string (backslashes and newlines escaped), or null for none.</summary>
    public static string? EscapeExt(string? ext)
        => string.IsNullOrEmpty(ext) ? null : ext!.Replace("\\", "\\\\").Replace("\n", "\\n");

    private static int MaxHeadBytes(string type, ReadOnlySpan<char> nonce, string method, Uri uri)
        => 32 + Encoding.UTF8.GetMaxByteCount(type.Length + nonce.Length + method.Length + uri.PathAndQuery.Length);

    /// <summary>The start of a normalized string, up to the resource: <c>hawk.1.type\nts\nnonce\nMETHOD\npath\n</c>.</summary>
    private static int WriteHead(Span<byte> buffer, string type, long timestamp, ReadOnlySpan<char> nonce, string method, Uri uri)
    {
        int length = 0;
        Append(buffer, ref length, "hawk.1.");
        Append(buffer, ref length, type);
        buffer[length++] = (byte)'\n';
        timestamp.TryFormat(buffer.Slice(length), out int written, default, CultureInfo.InvariantCulture);
        length += written;
        buffer[length++] = (byte)'\n';
        Append(buffer, ref length, nonce);
        buffer[length++] = (byte)'\n';
        Append(buffer, ref length, method.ToUpperInvariant());
        buffer[length++] = (byte)'\n';
        Append(buffer, ref length, uri.PathAndQuery);
        buffer[length++] = (byte)'\n';
        return length;
    }

    private static void Append(Span<byte> buffer, ref int length, ReadOnlySpan<char> text)
        => length += Encoding.UTF8.GetBytes(text, buffer.Slice(length));

    /// <summary>The <c>bewit</c> query value for a GET of <paramref name="uri"/> that expires at <paramref name="expiresAt"/>.</summary>
    public static string Bewit(Credentials credentials, Uri uri, long expiresAt, string? ext)
    {
        var key = new HmacSha256Key(Encoding.UTF8.GetBytes(credentials.AccessToken));
        Span<byte> macBytes = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeMac(key, "bewit", expiresAt, string.Empty, "GET", uri, NormalizedTail(uri, null, EscapeExt(ext)), macBytes);
        string mac = Convert.ToBase64String(macBytes);
        string raw = credentials.ClientId + "\\" + expiresAt.ToString(CultureInfo.InvariantCulture) + "\\" + mac + "\\" + ext;
        return Base64Url(Encoding.UTF8.GetBytes(raw));
    }

    private static string Base64Url(byte[] bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
