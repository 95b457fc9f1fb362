using System;
using System.Security.Cryptography;

namespace Taskcluster;

/// <summary>
/// Hands out Hawk nonces: 8 characters of a 64-letter alphabet, 48 random bits each. Not thread-safe: a signer keeps
/// one idle source that one request at a time takes (measured faster than a source per thread).
/// </summary>
/// <remarks>
/// Random bytes are fetched in batches: one CSPRNG call costs about as much as a whole signature, and every request
/// needs a nonce. A nonce only has to be unique, not secret (it is sent in clear), so buffering the bytes is safe.
/// </remarks>
internal sealed class NonceSource
{
    // 64 letters, so a random byte masked to 6 bits picks one uniformly; none needs quoting in a header.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /// <summary>The characters in one nonce.</summary>
    public const int Length = 8;
    private const int Batch = 64 * Length;

    private readonly byte[] _random = new byte[Batch];
    private int _used = Batch;

    /// <summary>Writes the next nonce into <paramref name="destination"/> (<see cref="Length"/> characters).</summary>
    /// <remarks>Written into the caller's buffer: the nonce only ever gets copied into the MAC input and the header.</remarks>
    public void Next(Span<char> destination)
    {
        if (_used + Length > Batch)
        {
            RandomNumberGenerator.Fill(_random);
            _used = 0;
        }
        var random = _random.AsSpan(_used, Length);
        for (int i = 0; i < random.Length; i++) destination[i] = Alphabet[random[i] & 63];
        _used += Length;
    }
}
