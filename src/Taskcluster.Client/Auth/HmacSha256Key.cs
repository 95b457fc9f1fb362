using System;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;

namespace Taskcluster;

/// <summary>
/// An HMAC-SHA256 key prepared once for many MACs; safe to use from several threads at once.
/// </summary>
/// <remarks>
/// Where <see cref="OpenSslSha256"/> is available the key's two pad blocks are hashed once at construction and every
/// MAC resumes from those saved states: four SHA-256 compression rounds and no allocation for a Hawk normalized
/// string. Elsewhere a keyed <see cref="HMACSHA256"/> is reused (keying one costs about as much as a MAC).
/// </remarks>
internal sealed class HmacSha256Key
{
    private const int BlockSize = 64;

    private readonly byte[]? _savedStates;   // inner then outer pad state, OpenSslSha256.ContextSize bytes each
    private readonly byte[]? _key;          // kept only for the HMACSHA256 fallback
    private HMACSHA256? _idle;

    /// <summary>Prepares <paramref name="key"/>, on OpenSSL's plain SHA-256 when it is available and allowed.</summary>
    /// <remarks>
    /// In a browser <see cref="OpenSslSha256"/> is not even initialized (there is no libcrypto to probe, and its static
    /// constructor must not try): the key goes straight to <see cref="HMACSHA256"/>, which the runtime implements in
    /// managed code there.
    /// </remarks>
    public HmacSha256Key(ReadOnlySpan<byte> key)
        : this(key, !BrowserPlatform.IsBrowser && OpenSslSha256.ShouldUse)
    {
    }

    /// <summary>Prepares <paramref name="key"/>; <paramref name="useOpenSsl"/> chooses the implementation (tests use both).</summary>
    internal HmacSha256Key(ReadOnlySpan<byte> key, bool useOpenSsl)
    {
        if (!useOpenSsl)
        {
            _key = key.ToArray();
            return;
        }

        // RFC 2104: a key longer than a block is replaced by its hash, then zero-padded to one block.
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        if (key.Length > BlockSize) SHA256.HashData(key, block);
        else key.CopyTo(block);
        try
        {
            _savedStates = new byte[2 * OpenSslSha256.ContextSize];
            for (int i = 0; i < BlockSize; i++) block[i] ^= 0x36;
            OpenSslSha256.SaveStateAfter(block, _savedStates.AsSpan(0, OpenSslSha256.ContextSize));
            for (int i = 0; i < BlockSize; i++) block[i] ^= 0x36 ^ 0x5c;
            OpenSslSha256.SaveStateAfter(block, _savedStates.AsSpan(OpenSslSha256.ContextSize));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>Whether MACs are computed from saved pad states on OpenSSL (for tests and diagnostics).</summary>
    internal bool UsesOpenSsl => _savedStates is not null;

    /// <summary>Writes the 32-byte MAC of <paramref name="data"/> into <paramref name="mac"/>.</summary>
    [SkipLocalsInit]
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (_savedStates is not null)
        {
            Span<byte> innerHash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            OpenSslSha256.ResumeAndFinish(_savedStates.AsSpan(0, OpenSslSha256.ContextSize), data, innerHash);
            OpenSslSha256.ResumeAndFinish(_savedStates.AsSpan(OpenSslSha256.ContextSize), innerHash, mac);
            return;
        }

        // One idle instance covers sequential use; a concurrent caller that finds the slot empty keys its own, and
        // whichever finishes second disposes its instance instead of keeping it.
        var hmac = Interlocked.Exchange(ref _idle, null) ?? new HMACSHA256(_key!);
        try
        {
            hmac.TryComputeHash(data, mac, out _);
        }
        finally
        {
            if (Interlocked.CompareExchange(ref _idle, hmac, null) is not null) hmac.Dispose();
        }
    }
}
