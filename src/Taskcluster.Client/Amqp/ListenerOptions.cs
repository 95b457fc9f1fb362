using System;

namespace Taskcluster;

/// <summary>How a <see cref="Listener"/> connects, names its queue and acknowledges messages.</summary>
public sealed record ListenerOptions
{
    /// <summary>The broker's address; the listener opens and owns a connection. Give this or <see cref="Connection"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>A shared connection; the listener opens its own channel on it and never closes it. Give this or <see cref="ConnectionString"/>.</summary>
    public Connection? Connection { get; init; }

    /// <summary>
    /// The queue's name. Null: a server-named, exclusive queue that disappears with the listener. A name: a durable
    /// queue that outlives the listener (messages wait there while nobody listens; delete it with
    /// <see cref="Listener.DeleteQueueAsync"/>), and that several listeners can share to split the work.
    /// </summary>
    public string? QueueName { get; init; }

    /// <summary>How many unacknowledged messages the broker may hand out at once. Default 5.</summary>
    public int Prefetch { get; init; } = 5;

    /// <summary>The most messages the queue keeps (<c>x-max-length</c>; the oldest are dropped); 0 for no limit.</summary>
    public int MaxLength { get; init; }

    /// <summary>
    /// How many messages are handled at the same time. Default 1: handlers see one message at a time, in order.
    /// Above 1, handlers must be thread-safe. At most <see cref="Prefetch"/> is useful.
    /// </summary>
    public int MaxConcurrentMessages { get; init; } = 1;

    /// <summary>
    /// Decides, for a message whose handler failed, whether the broker should deliver it again. The default is the
    /// original client's: retry once (requeue unless the message was already redelivered), then drop it.
    /// </summary>
    public Func<Message, Exception, bool> RequeueOnFailure { get; init; } = static (message, _) => !message.Redelivered;
}
