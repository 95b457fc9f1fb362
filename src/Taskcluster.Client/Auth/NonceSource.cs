using System.Security.Cryptography;

namespace Taskcluster;

/// <summary>
/// Hands out Hawk nonces: 8 characters of a 64-letter alphabet, 48 random bits each. Not thread-safe: each signer
/// keeps one per idle signing slot, so no thread-local lookup is needed on the request path.
/// </summary>
/// <remarks>
/// Random bytes are fetched in batches: one CSPRNG call costs about as much as a whole signature, and every request
/// needs a nonce. A nonce only has to be unique, not secret (it is sent in clear), so buffering the bytes is safe.
/// </remarks>
internal sealed class NonceSource
{
    // 64 letters, so a random byte masked to 6 bits picks one uniformly; none needs quoting in a header.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const int Length = 8;
    private const int Batch = 64 * Length;

    private readonly byte[] _random = new byte[Batch];
    private int _used = Batch;

    /// <summary>The next nonce.</summary>
    public string Next()
    {
        if (_used + Length > Batch)
        {
            RandomNumberGenerator.Fill(_random);
            _used = 0;
        }
        string nonce = string.Create(Length, (_random, _used), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = Alphabet[state._random[state._used + i] & 63];
        });
        _used += Length;
        return nonce;
    }
}
