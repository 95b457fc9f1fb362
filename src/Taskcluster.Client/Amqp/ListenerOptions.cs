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

/// <summary>The kind of queue a <see cref="Listener"/> declares for a named (durable) queue.</summary>
public enum AmqpQueueType
{
    /// <summary>
    /// A quorum queue (<c>x-queue-type: quorum</c>), as TaskCluster's own consumers declare their queues today: its
    /// messages are replicated and survive a broker restart. The default.
    /// </summary>
    Quorum,

    /// <summary>
    /// A classic queue, as older clients declared them; use it to keep consuming from an existing classic queue
    /// (declaring it as a quorum queue fails with <see cref="AmqpQueueMismatchException"/>) or on brokers before
    /// RabbitMQ 3.8.
    /// </summary>
    Classic,
}

/// <summary>Options of a <see cref="Listener"/>; copied when the listener is created.</summary>
/// <remarks>
/// Queue names follow Pulse, where a user may only create queues named <c>queue/&lt;user&gt;/...</c>:
/// <see cref="QueueName"/> <c>my-queue</c> becomes <c>queue/&lt;namespace&gt;/my-queue</c>, a name that already
/// starts with <c>queue/</c> is used as it is, and a listener without a name gets the exclusive queue
/// <c>queue/&lt;namespace&gt;/&lt;random id&gt;</c>. The namespace is the connection's user name unless
/// <see cref="Namespace"/> says otherwise.
/// </remarks>
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
    /// The namespace the queue name is made in, <c>queue/&lt;namespace&gt;/...</c>. Null or empty (the default): the
    /// user name of the connection, which is what Pulse requires.
    /// </summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// A durable queue to consume from, which outlives the listener (delete it with <see cref="Listener.DeleteQueueAsync"/>)
    /// and can be shared by several listeners to split the work: <c>my-queue</c> is declared as
    /// <c>queue/&lt;namespace&gt;/my-queue</c>, and a name starting with <c>queue/</c> is used as given. Null or empty:
    /// an exclusive queue <c>queue/&lt;namespace&gt;/&lt;random id&gt;</c>, which disappears with the listener.
    /// </summary>
    public string? QueueName { get; init; }

    /// <summary>
    /// The kind of queue a named queue is declared as: <see cref="AmqpQueueType.Quorum"/> by default. Exclusive
    /// queues are always classic queues, since a quorum queue cannot be exclusive.
    /// </summary>
    public AmqpQueueType QueueType { get; init; } = AmqpQueueType.Quorum;

    /// <summary>How many unacknowledged messages the broker may hand the listener at once (1–65535); 5 by default.</summary>
    public int Prefetch { get; init; } = 5;

    /// <summary>The most messages the queue keeps (older ones are dropped first); 0, the default, for no limit.</summary>
    public int MaxLength { get; init; }

    /// <summary>What to do with a message a handler failed on; <see cref="FailedMessagePolicy.RequeueUnlessRedelivered"/> by default.</summary>
    public FailedMessagePolicy FailedMessagePolicy { get; init; } = FailedMessagePolicy.RequeueUnlessRedelivered;

    /// <summary>
    /// An exchange that messages dropped by <see cref="FailedMessagePolicy"/> (and invalid ones) are dead-lettered to,
    /// with their routing key (the queue's <c>x-dead-letter-exchange</c>); null, the default, drops them. The
    /// exchange is not declared by the listener; on Pulse it has to be named <c>exchange/&lt;user&gt;/...</c>.
    /// </summary>
    public string? DeadLetterExchange { get; init; }
}
