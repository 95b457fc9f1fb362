using System;

namespace Taskcluster;

/// <summary>
/// A queue of the listener's name already exists with other properties than the listener declares, typically a
/// classic queue left by an older client where the listener declares a quorum queue. The broker answers such a
/// declaration with 406 PRECONDITION_FAILED; the message of this exception says how to resolve it.
/// </summary>
public sealed class AmqpQueueMismatchException : AmqpChannelException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What differs and what to do about it.</param>
    /// <param name="queueName">The full name of the queue.</param>
    /// <param name="replyCode">The AMQP reply code (406).</param>
    /// <param name="replyText">The broker's explanation, naming the argument that differs.</param>
    /// <param name="innerException">The underlying error.</param>
    public AmqpQueueMismatchException(string message, string queueName, ushort replyCode, string replyText, Exception? innerException)
        : base(message, replyCode, replyText, innerException)
    {
        QueueName = queueName ?? throw new ArgumentNullException(nameof(queueName));
    }

    /// <summary>The full name of the queue that exists with other properties.</summary>
    public string QueueName { get; }
}
