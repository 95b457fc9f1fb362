using System;

namespace Taskcluster;

/// <summary>How to reach the AMQP broker for a <see cref="Connection"/>.</summary>
public sealed record ConnectionOptions
{
    /// <summary>The broker's address, for example <c>amqp://user:password@host:5672/vhost</c>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// How long to wait between attempts to reconnect after the broker went away (restart, network loss, a
    /// connection closed by an operator). Defaults to 1 second.
    /// </summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The name the broker shows for the connection (management UI, <c>rabbitmqctl list_connections</c>).</summary>
    public string ClientName { get; init; } = "Taskcluster.Client";
}
