using System;
using System.Collections.Generic;
using System.Globalization;

namespace Taskcluster.Local;

/// <summary>What every service of one stand-in shares: clock, root URL, clients, artifact storage and the event publisher.</summary>
internal sealed class LocalContext
{
    private readonly DateTimeOffset _started;

    public LocalContext(LocalTaskclusterOptions options, LocalClient rootClient, IReadOnlyList<LocalClient> clients)
    {
        Clock = options.TimeProvider;
        ClaimTimeout = options.ClaimTimeout;
        AmqpConnectionString = options.AmqpConnectionString;
        RootClient = rootClient;
        Clients = clients;
        _started = Clock.GetUtcNow();
    }

    public TimeProvider Clock { get; }
    public TimeSpan ClaimTimeout { get; }
    public string? AmqpConnectionString { get; }

    /// <summary>The client that holds <c>*</c>; the queue issues task credentials with it, as TaskCluster's queue does with its own.</summary>
    public LocalClient RootClient { get; }

    public IReadOnlyList<LocalClient> Clients { get; }
    public ArtifactStore Artifacts { get; } = new();

    /// <summary>The root URL without a trailing slash, known once the server listens.</summary>
    public string RootUrl { get; set; } = string.Empty;

    public EventPublisher? Publisher { get; set; }
    /// <summary>
    /// The time, to the millisecond: TaskCluster keeps its times as JavaScript dates, so every time the stand-in stores
    /// and writes has that precision, and a time read back from an answer compares equal to the one stored.
    /// </summary>
    public DateTimeOffset Now => ToMilliseconds(Clock.GetUtcNow());
    public double UptimeSeconds => Math.Round((Now - _started).TotalSeconds, 3);

    /// <summary>A time in UTC cut to whole milliseconds, as a JavaScript date holds it (see <see cref="Now"/>).</summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset time)
    {
        long ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    /// <summary>A date-time as TaskCluster writes it (JavaScript's <c>toJSON</c>: UTC, milliseconds, <c>Z</c>), for messages.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
