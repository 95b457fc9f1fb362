using System;

namespace Taskcluster;

/// <summary>
/// How calls retry transient failures (5xx, 429, connection refused or reset, an attempt that timed out): exponential
/// backoff with jitter, the same defaults as today's TaskCluster clients.
/// </summary>
public sealed record RetryOptions
{
    /// <summary>The defaults: 5 retries, 100 ms × 2^attempt, ±25 % jitter, at most 30 s between attempts.</summary>
    public static RetryOptions Default { get; } = new();

    /// <summary>No retries: every call makes exactly one attempt.</summary>
    public static RetryOptions None { get; } = new() { MaxRetries = 0 };

    /// <summary>How many times a failed attempt is retried (so at most <c>MaxRetries + 1</c> attempts). Default 5.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The delay before the first retry; it doubles for each further one. Default 100 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between two attempts (before a server's <c>Retry-After</c>). Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How much each delay is randomly stretched or shrunk, as a fraction (0.25 = ±25 %). Default 0.25.</summary>
    public double Jitter { get; init; } = 0.25;

    /// <summary>How long one attempt may take before it is abandoned and retried. Default 30 s; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must not be negative.");
        if (BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "BaseDelay must not be negative.");
        if (MaxDelay < BaseDelay) throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "MaxDelay must be at least BaseDelay.");
        if (Jitter is < 0 or >= 1 || double.IsNaN(Jitter)) throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "Jitter must be in [0, 1).");
        if (AttemptTimeout <= TimeSpan.Zero && AttemptTimeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "AttemptTimeout must be positive or infinite.");
    }
}
