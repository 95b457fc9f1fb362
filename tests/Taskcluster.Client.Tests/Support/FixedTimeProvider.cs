using System;

namespace Taskcluster.Client.Tests.Support;

/// <summary>A clock that stands still until a test moves it.</summary>
internal sealed class FixedTimeProvider : TimeProvider
{
    /// <summary>The instant every vector was recorded at: 1400000000123 ms after the epoch.</summary>
    public const long VectorNowMs = 1400000000123;

    private DateTimeOffset _now;

    public FixedTimeProvider(DateTimeOffset now) => _now = now;

    public static FixedTimeProvider AtVectorTime() => new(DateTimeOffset.FromUnixTimeMilliseconds(VectorNowMs));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
