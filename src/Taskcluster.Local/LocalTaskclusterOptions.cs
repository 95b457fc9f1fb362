using System;
using System.Collections.Generic;

namespace Taskcluster.Local;

/// <summary>How to start a <see cref="LocalTaskcluster"/>.</summary>
public sealed class LocalTaskclusterOptions
{
    /// <summary>
    /// The clients the stand-in accepts, besides the built-in <see cref="LocalTaskcluster.RootClient"/> that holds
    /// every scope (<c>*</c>).
    /// </summary>
    public IList<LocalClient> Clients { get; } = new List<LocalClient>();

    /// <summary>The TCP port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Where to publish events, for example <c>amqp://guest:guest@127.0.0.1:5672/</c>. Null publishes nothing. The
    /// exchanges are declared at start, so listeners can bind before the first event.
    /// </summary>
    public string? AmqpConnectionString { get; set; }

    /// <summary>How far a Hawk timestamp may be from the stand-in's clock; TaskCluster allows 15 minutes.</summary>
    public TimeSpan TimestampSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The stand-in's clock, for timestamps, expirations and claims. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long a claim (and the task credentials it carries) lasts before it must be reclaimed.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(20);
}
