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
    private NonceSource? _idleNonces;

    public HawkSigner(Credentials credentials, string? ext)
    {
        _key = new HmacSha256Key(Encoding.UTF8.GetBytes(credentials.AccessToken));
        _escapedExt = Hawk.EscapeExt(ext);
        _idField = "Hawk id=\"" + credentials.ClientId + "\", ts=\"";
        _extField = string.IsNullOrEmpty(ext) ? string.Empty : ", ext=\"" + ext + "\"";
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
        Hawk.ComputeMac(_key, "header", timestamp, nonceChars, method, uri, payloadHash, _escapedExt, mac);

        // The header is written once into a buffer and copied into its string: no builder, no intermediate strings.
        int maxLength = _idField.Length + 20 + nonceChars.Length + payloadHash.Length + _extField.Length + MacBase64Length + 32;
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
            Append(buffer, ref length, "\", hash=\"");
            Append(buffer, ref length, payloadHash);
            buffer[length++] = '"';
            Append(buffer, ref length, _extField);
            Append(buffer, ref length, ", mac=\"");
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

    private static void Append(Span<char> buffer, ref int length, ReadOnlySpan<char> text)
    {
        text.CopyTo(buffer.Slice(length));
        length += text.Length;
    }
}
