using System;
using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Taskcluster;

/// <summary>
/// Signs a client's requests. Everything that does not change between requests (the key, the escaped ext, the
/// header's fixed fields) is prepared once at construction. The normalized string comes from
/// <see cref="Hawk"/>, the one place that writes it (bewits use it too).
/// </summary>
internal sealed class HawkSigner
{
    private const int StackLimit = 512;
    private const int MacBase64Length = 44;

    private readonly HmacSha256Key _key;
    private readonly string? _escapedExt;
    private readonly string _idField;   // Hawk id="<clientId>", ts="
    private readonly string _extField;  // , ext="<ext>"   (empty when there is no ext)
    private readonly string _emptyHashFields;  // ", hash="<empty payload hash>"<ext field>, mac="
    private NonceSource? _idleNonces;
    private Tail? _lastTail;

    public HawkSigner(Credentials credentials, string? ext)
    {
        _key = new HmacSha256Key(Encoding.UTF8.GetBytes(credentials.AccessToken));
        _escapedExt = Hawk.EscapeExt(ext);
        _idField = "Hawk id=\"" + credentials.ClientId + "\", ts=\"";
        _extField = string.IsNullOrEmpty(ext) ? string.Empty : ", ext=\"" + ext + "\"";
        _emptyHashFields = HashFields(Hawk.EmptyPayloadHash);
    }

    /// <summary>The <c>Authorization</c> header for one request, its fields in the order the original client wrote them.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="uri">The URI exactly as it is sent.</param>
    /// <param name="timestamp">Unix seconds.</param>
    /// <param name="nonce">The nonce to use, or null for a fresh random one (the normal case).</param>
    /// <param name="payloadHash">The payload hash (<see cref="Hawk.EmptyPayloadHash"/> for a request without a body).</param>
    // Buffers on the signing path are written in full before they are read: zeroing them first is wasted work.
    [SkipLocalsInit]
    public string Header(string method, Uri uri, long timestamp, string? nonce, string payloadHash)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<char> fresh = stackalloc char[NonceSource.Length];
        scoped ReadOnlySpan<char> nonceChars = nonce;
        if (nonce is null)
        {
            // A nonce source is not thread-safe. One idle source covers sequential use; a concurrent caller that finds
            // the slot empty makes its own, and whichever finishes second drops its source.
            var nonces = Interlocked.Exchange(ref _idleNonces, null) ?? new NonceSource();
            nonces.Next(fresh);
            Interlocked.CompareExchange(ref _idleNonces, nonces, null);
            nonceChars = fresh;
        }
        Hawk.ComputeMac(_key, "header", timestamp, nonceChars, method, uri, TailFor(uri, payloadHash), mac);

        // The header is written once into a buffer and copied into its string: no builder, no intermediate strings.
        string hashFields = ReferenceEquals(payloadHash, Hawk.EmptyPayloadHash) ? _emptyHashFields : HashFields(payloadHash);
        int maxLength = _idField.Length + 20 + nonceChars.Length + hashFields.Length + MacBase64Length + 1;
        char[]? rented = null;
        Span<char> buffer = maxLength <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(maxLength));
        try
        {
            int length = 0;
            Append(buffer, ref length, _idField);
            timestamp.TryFormat(buffer.Slice(length), out int written, default, CultureInfo.InvariantCulture);
            length += written;
            Append(buffer, ref length, "\", nonce=\"");
            Append(buffer, ref length, nonceChars);
            Append(buffer, ref length, hashFields);
            Convert.TryToBase64Chars(mac, buffer.Slice(length), out written);
            length += written;
            buffer[length++] = '"';
            return new string(buffer.Slice(0, length));
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The normalized string's tail for <paramref name="uri"/>'s origin and <paramref name="payloadHash"/>. The last
    /// one is kept: a client's bodiless requests (most of them) all go to one origin with the same empty-payload hash.
    /// </summary>
    private ReadOnlySpan<byte> TailFor(Uri uri, string payloadHash)
    {
        var tail = _lastTail;
        if (tail is not null && ReferenceEquals(tail.PayloadHash, payloadHash) && tail.Port == uri.Port
            && string.Equals(tail.Host, uri.Host, StringComparison.Ordinal))
        {
            return tail.Bytes;
        }
        tail = new Tail(uri.Host, uri.Port, payloadHash, Hawk.NormalizedTail(uri, payloadHash, _escapedExt));
        // Only the tail of a bodiless request is worth keeping; a body's hash is for that request alone.
        if (ReferenceEquals(payloadHash, Hawk.EmptyPayloadHash)) _lastTail = tail;
        return tail.Bytes;
    }

    /// <summary>The header from the end of the timestamp to the start of the MAC: nonce excepted, fixed per payload hash.</summary>
    private string HashFields(string payloadHash) => "\", hash=\"" + payloadHash + "\"" + _extField + ", mac=\"";

    /// <summary>A normalized-string tail and what it was made from (compared by value for the host, by reference for the hash).</summary>
    private sealed record Tail(string Host, int Port, string PayloadHash, byte[] Bytes);

    private static void Append(Span<char> buffer, ref int length, ReadOnlySpan<char> text)
    {
        text.CopyTo(buffer.Slice(length));
        length += text.Length;
    }
}
