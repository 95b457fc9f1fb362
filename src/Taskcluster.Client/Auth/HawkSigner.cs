using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Taskcluster;

/// <summary>
/// Signs a client's requests: its id, key and ext are fixed at construction, and an HMAC instance keyed once is
/// reused, since keying a fresh HMAC for each request costs about as much as computing the MAC itself. The
/// normalized string itself comes from <see cref="Hawk"/>, the one place that writes it (bewits use it too).
/// </summary>
internal sealed class HawkSigner
{
    private readonly string _clientId;
    private readonly byte[] _key;
    private readonly string? _ext;
    private readonly string? _escapedExt;
    private HMACSHA256? _idle;

    public HawkSigner(Credentials credentials, string? ext)
    {
        _clientId = credentials.ClientId;
        _key = Encoding.UTF8.GetBytes(credentials.AccessToken);
        _ext = ext;
        _escapedExt = Hawk.EscapeExt(ext);
    }

    /// <summary>The <c>Authorization</c> header for one request.</summary>
    public string Header(string method, Uri uri, long timestamp, string nonce, string payloadHash)
    {
        // One idle instance covers sequential use; concurrent callers that find the slot empty key their own, and
        // whichever finishes second disposes its instance instead of keeping it.
        var hmac = Interlocked.Exchange(ref _idle, null) ?? new HMACSHA256(_key);
        try
        {
            string mac = Hawk.Mac(hmac, "header", timestamp, nonce, method, uri, payloadHash, _escapedExt);
            return Hawk.FormatHeader(_clientId, timestamp, nonce, payloadHash, _ext, mac);
        }
        finally
        {
            if (Interlocked.CompareExchange(ref _idle, hmac, null) is not null) hmac.Dispose();
        }
    }
}
