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
        var parts = new Parts(type, nonce, method, uri, hash, EscapeExt(ext));
        byte[] buffer = new byte[parts.MaxBytes];
        int length = parts.Write(buffer, timestamp);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>
    /// The MAC of the normalized string, computed with <paramref name="key"/> (the access token, prepared once)
    /// into <paramref name="mac"/>. The normalized string is written straight into UTF-8 bytes: it is only ever
    /// hashed, so building it as a string first would be an allocation and a copy on every request.
    /// </summary>
    // Buffers on the signing path are written in full before they are read: zeroing them first is wasted work.
    [SkipLocalsInit]
    public static void ComputeMac(
        HmacSha256Key key, string type, long timestamp, ReadOnlySpan<char> nonce, string method, Uri uri, string? hash, string? escapedExt,
        Span<byte> mac)
    {
        var parts = new Parts(type, nonce, method, uri, hash, escapedExt);
        int maxBytes = parts.MaxBytes;
        byte[]? rented = null;
        Span<byte> data = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = parts.Write(data, timestamp);
            key.Compute(data.Slice(0, length), mac);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The ext as it stands in the normalized string (backslashes and newlines escaped), or null for none.</summary>
    public static string? EscapeExt(string? ext)
        => string.IsNullOrEmpty(ext) ? null : ext!.Replace("\\", "\\\\").Replace("\n", "\\n");

    /// <summary>The pieces of a normalized string, each read from the <see cref="Uri"/> once.</summary>
    private readonly ref struct Parts
    {
        private readonly ReadOnlySpan<char> _nonce;
        private readonly string _type, _method, _path, _host;
        private readonly string? _hash, _escapedExt;
        private readonly int _port;

        public Parts(string type, ReadOnlySpan<char> nonce, string method, Uri uri, string? hash, string? escapedExt)
        {
            _type = type;
            _nonce = nonce;
            _method = method.ToUpperInvariant();
            _path = uri.PathAndQuery;
            _host = uri.Host.ToLowerInvariant();
            _port = uri.Port;
            _hash = hash;
            _escapedExt = escapedExt;
        }

        public int MaxBytes => 64 + Encoding.UTF8.GetMaxByteCount(_type.Length + _nonce.Length + _method.Length + _path.Length
            + _host.Length + (_hash?.Length ?? 0) + (_escapedExt?.Length ?? 0));

        public int Write(Span<byte> buffer, long timestamp)
        {
            int length = 0;
            Append(buffer, ref length, "hawk.1.");
            Append(buffer, ref length, _type);
            buffer[length++] = (byte)'\n';
            timestamp.TryFormat(buffer.Slice(length), out int written, default, CultureInfo.InvariantCulture);
            length += written;
            buffer[length++] = (byte)'\n';
            Append(buffer, ref length, _nonce);
            buffer[length++] = (byte)'\n';
            Append(buffer, ref length, _method);
            buffer[length++] = (byte)'\n';
            Append(buffer, ref length, _path);
            buffer[length++] = (byte)'\n';
            Append(buffer, ref length, _host);
            buffer[length++] = (byte)'\n';
            _port.TryFormat(buffer.Slice(length), out written, default, CultureInfo.InvariantCulture);
            length += written;
            buffer[length++] = (byte)'\n';
            if (_hash is not null) Append(buffer, ref length, _hash);
            buffer[length++] = (byte)'\n';
            if (_escapedExt is not null) Append(buffer, ref length, _escapedExt);
            buffer[length++] = (byte)'\n';
            return length;
        }
    }

    private static void Append(Span<byte> buffer, ref int length, ReadOnlySpan<char> text)
        => length += Encoding.UTF8.GetBytes(text, buffer.Slice(length));

    /// <summary>The <c>bewit</c> query value for a GET of <paramref name="uri"/> that expires at <paramref name="expiresAt"/>.</summary>
    public static string Bewit(Credentials credentials, Uri uri, long expiresAt, string? ext)
    {
        var key = new HmacSha256Key(Encoding.UTF8.GetBytes(credentials.AccessToken));
        Span<byte> macBytes = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeMac(key, "bewit", expiresAt, string.Empty, "GET", uri, null, EscapeExt(ext), macBytes);
        string mac = Convert.ToBase64String(macBytes);
        string raw = credentials.ClientId + "\\" + expiresAt.ToString(CultureInfo.InvariantCulture) + "\\" + mac + "\\" + ext;
        return Base64Url(Encoding.UTF8.GetBytes(raw));
    }

    private static string Base64Url(byte[] bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
