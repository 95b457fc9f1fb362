using System;
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Taskcluster;

/// <summary>
/// Signs a client's requests: its id, key and ext are fixed at construction, and an HMAC instance keyed once is
/// reused, since keying a fresh HMAC for each request costs about as much as computing the MAC itself.
/// </summary>
internal sealed class HawkSigner
{
    private readonly string _clientId;
    private readonly byte[] _key;
    private readonly string? _ext;
    private readonly string? _normalizedExt; // as it stands in the normalized string: '\\' and newlines escaped
    private HMACSHA256? _idle;

    public HawkSigner(Credentials credentials, string? ext)
    {
        _clientId = credentials.ClientId;
        _key = Encoding.UTF8.GetBytes(credentials.AccessToken);
        _ext = ext;
        _normalizedExt = ext is null or "" ? null : ext.Replace("\\", "\\\\").Replace("\n", "\\n");
    }

    /// <summary>The <c>Authorization</c> header for one request.</summary>
    public string Header(string method, Uri uri, long timestamp, string nonce, string payloadHash)
    {
        // The normalized string is written straight into UTF-8 bytes: it is only ever hashed, so building it as a
        // string first (and encoding that) was pure overhead on every request.
        string path = uri.PathAndQuery;
        string host = uri.Host.ToLowerInvariant();
        string upperMethod = method.ToUpperInvariant();
        string? ext = _normalizedExt;
        int maxBytes = 64 + Encoding.UTF8.GetMaxByteCount(path.Length + host.Length + upperMethod.Length + nonce.Length
            + payloadHash.Length + (ext?.Length ?? 0));
        byte[]? rented = null;
        Span<byte> data = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = 0;
            Append(data, ref length, "hawk.1.header\n");
            timestamp.TryFormat(data.Slice(length), out int written, default, CultureInfo.InvariantCulture);
            length += written;
            data[length++] = (byte)'\n';
            Append(data, ref length, nonce);
            data[length++] = (byte)'\n';
            Append(data, ref length, upperMethod);
            data[length++] = (byte)'\n';
            Append(data, ref length, path);
            data[length++] = (byte)'\n';
            Append(data, ref length, host);
            data[length++] = (byte)'\n';
            uri.Port.TryFormat(data.Slice(length), out written, default, CultureInfo.InvariantCulture);
            length += written;
            data[length++] = (byte)'\n';
            Append(data, ref length, payloadHash);
            data[length++] = (byte)'\n';
            if (ext is not null) Append(data, ref length, ext);
            data[length++] = (byte)'\n';
            return Hawk.FormatHeader(_clientId, timestamp, nonce, payloadHash, _ext, Mac(data.Slice(0, length)));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Append(Span<byte> buffer, ref int length, string text)
        => length += Encoding.UTF8.GetBytes(text, buffer.Slice(length));

    private string Mac(ReadOnlySpan<byte> data)
    {
        // One idle instance covers sequential use; concurrent callers that find the slot empty key their own, and
        // whichever finishes second disposes its instance instead of keeping it.
        var hmac = Interlocked.Exchange(ref _idle, null) ?? new HMACSHA256(_key);
        try
        {
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            // A keyed HMACSHA256 computes one-shot without re-deriving the key pads (about 0.5 µs less than
            // IncrementalHash's reset here).
            hmac.TryComputeHash(data, mac, out _);
            return Convert.ToBase64String(mac);
        }
        finally
        {
            if (Interlocked.CompareExchange(ref _idle, hmac, null) is not null) hmac.Dispose();
        }
    }
}
