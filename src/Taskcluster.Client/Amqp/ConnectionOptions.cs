using System;

namespace Taskcluster;

/// <summary>Options of a <see cref="Connection"/>; copied when the connection is created.</summary>
public sealed record ConnectionOptions
{
    /// <summary>The AMQP URI, for example <c>amqp://user:password@host:5672/vhost</c> (the queue's <c>getAMQPConnectionString</c>).</summary>
    public string ConnectionString { get; init; } = string.Empty;

    /// <summary>
    /// The name the broker shows for the connection (management UI, <c>rabbitmqctl list_connections</c>);
    /// <c>taskcluster-client</c> when not set.
    /// </summary>
    public string? ClientProvidedName { get; init; }

    /// <summary>How long to wait between attempts to re-establish a lost connection. Five seconds by default.</summary>
    public TimeSpan RecoveryInterval { get; init; } = TimeSpan.FromSeconds(5);
}
