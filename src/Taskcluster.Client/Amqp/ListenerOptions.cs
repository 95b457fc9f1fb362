namespace Taskcluster;

/// <summary>What a <see cref="Listener"/> does with a message one of its handlers failed on.</summary>
public enum FailedMessagePolicy
{
    /// <summary>
    /// Requeue it the first time and drop it (or dead-letter it) when it fails again after redelivery, so a message
    /// that always fails is retried once and then stops coming back. The default, as TaskCluster's client always did.
    /// </summary>
    RequeueUnlessRedelivered,

    /// <summary>Always requeue it. A message that always fails then comes back forever.</summary>
    AlwaysRequeue,

    /// <summary>Never requeue it: drop it (or dead-letter it) at the first failure.</summary>
    NeverRequeue,
}

/// <summary>Options of a <see cref="Listener"/>; copied when the listener is created.</summary>
public sealed record ListenerOptions
{
    /// <summary>
    /// The AMQP URI to open a connection of the listener's own, which it closes with itself. Give exactly one of this
    /// and <see cref="Connection"/>.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// A shared connection to open the listener's channel on; the listener never closes it. Give exactly one of this
    /// and <see cref="ConnectionString"/>.
    /// </summary>
    public Connection? Connection { get; init; }

    /// <summary>
    /// A durable queue to consume from, which outlives the listener (delete it with <see cref="Listener.DeleteQueueAsync"/>)
    /// and can be shared by several listeners to split the work. Null or empty: an exclusive, auto-deleted queue with a
    /// random name, which disappears with the listener.
    /// </summary>
    public string? QueueName { get; init; }

    /// <summary>How many unacknowledged messages the broker may hand the listener at once (1–65535); 5 by default.</summary>
    public int Prefetch { get; init; } = 5;

    /// <summary>The most messages the queue keeps (older ones are dropped first); 0, the default, for no limit.</summary>
    public int MaxLength { get; init; }

    /// <summary>What to do with a message a handler failed on; <see cref="FailedMessagePolicy.RequeueUnlessRedelivered"/> by default.</summary>
    public FailedMessagePolicy FailedMessagePolicy { get; init; } = FailedMessagePolicy.RequeueUnlessRedelivered;
}
