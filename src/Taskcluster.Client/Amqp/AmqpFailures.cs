using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Taskcluster;

/// <summary>
/// Sorts RabbitMQ.Client's exceptions into the three things the SDK does about them: wait for the connection and try
/// again, report a channel-level refusal as <see cref="AmqpChannelException"/>, or wrap anything else so that no
/// RabbitMQ.Client type reaches the caller.
/// </summary>
internal static class AmqpFailures
{
    // AMQP "soft" errors: the broker closes the channel, not the connection.
    private const ushort AccessRefused = 403;
    private const ushort NotFound = 404;
    private const ushort ResourceLocked = 405;
    private const ushort PreconditionFailed = 406;

    /// <summary>
    /// Whether the broker closed the channel because of the operation that threw <paramref name="exception"/>, and why.
    /// An operation refused that way fails the same way when retried, so it is reported, not retried.
    /// </summary>
    public static bool IsChannelRefusal(Exception exception, out ShutdownEventArgs reason)
    {
        // AlreadyClosedException means the channel was closed before this operation began, so the operation itself
        // was not refused: trying again on a new channel can work.
        if (exception is OperationInterruptedException { ShutdownReason: { } shutdown } and not AlreadyClosedException &&
            IsChannelLevel(shutdown))
        {
            reason = shutdown;
            return true;
        }
        reason = null!;
        return false;
    }

    /// <summary>Whether a channel shut down for an error of its own rather than with its connection.</summary>
    public static bool IsChannelLevel(ShutdownEventArgs shutdown) =>
        shutdown.Initiator == ShutdownInitiator.Peer &&
        shutdown.ReplyCode is AccessRefused or NotFound or ResourceLocked or PreconditionFailed;

    /// <summary>
    /// Whether <paramref name="exception"/> says the connection (or the channel with it) went away or did not answer,
    /// so the operation can be tried again once the connection is back.
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        // A protocol operation that outlives RabbitMQ.Client's continuation timeout ends as cancelled although the
        // caller cancelled nothing.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AlreadyClosedException => true,
        OperationInterruptedException interrupted => interrupted.ShutdownReason is not { } reason || !IsChannelLevel(reason),
        BrokerUnreachableException or ConnectFailureException => true,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>Whether the exception is one of RabbitMQ.Client's own, which must not reach the caller.</summary>
    public static bool IsFromRabbitMq(Exception exception) =>
        exception.GetType().Namespace?.StartsWith("RabbitMQ.Client", StringComparison.Ordinal) == true;

    /// <summary>A refusal of the queue declaration, explained in terms of the listener's options.</summary>
    public static AmqpChannelException QueueDeclareRefused(ShutdownEventArgs reason, string queueName, bool quorum, string userName, string endpoint, Exception inner)
    {
        string broker = $"{reason.ReplyCode} {reason.ReplyText}";
        switch (reason.ReplyCode)
        {
            case PreconditionFailed:
                string keep = quorum
                    ? " To keep using an existing classic queue, set ListenerOptions.QueueType = AmqpQueueType.Classic."
                    : string.Empty;
                return new AmqpQueueMismatchException(
                    $"The queue '{queueName}' already exists with other properties than this listener declares " +
                    $"({(quorum ? "a durable quorum queue" : "a durable classic queue")} with its MaxLength and DeadLetterExchange). " +
                    $"Delete the queue (Listener.DeleteQueueAsync deletes it without declaring it) or choose another QueueName.{keep} " +
                    $"The broker said: {broker}",
                    queueName, reason.ReplyCode, reason.ReplyText, inner) { Endpoint = endpoint };
            case AccessRefused:
                return new AmqpChannelException(
                    $"The broker refused the queue '{queueName}' to user '{userName}'. On Pulse a user may only create queues " +
                    $"named queue/{userName}/...: leave ListenerOptions.Namespace unset (it defaults to the user name) or give a " +
                    $"QueueName without the queue/ prefix. The broker said: {broker}",
                    reason.ReplyCode, reason.ReplyText, inner) { Endpoint = endpoint };
            case ResourceLocked:
                return new AmqpChannelException(
                    $"The queue '{queueName}' is the exclusive queue of another connection. Choose another QueueName. The broker said: {broker}",
                    reason.ReplyCode, reason.ReplyText, inner) { Endpoint = endpoint };
            default:
                return new AmqpChannelException($"The broker refused to declare the queue '{queueName}': {broker}",
                    reason.ReplyCode, reason.ReplyText, inner) { Endpoint = endpoint };
        }
    }

    /// <summary>A refusal of a binding; the listener forgets the binding, so the message says so.</summary>
    public static AmqpChannelException BindRefused(ShutdownEventArgs reason, Binding binding, string queueName, string endpoint, Exception inner)
    {
        string why = reason.ReplyCode switch
        {
            NotFound => $"the exchange '{binding.Exchange}' does not exist (check the exchange prefix, or whether the service publishes it)",
            AccessRefused => $"the user may not read from the exchange '{binding.Exchange}'",
            _ => "the broker refused it",
        };
        return new AmqpChannelException(
            $"Could not bind the queue '{queueName}' to '{binding.Exchange}' with '{binding.RoutingKeyPattern}': {why}. " +
            $"The listener dropped this binding and goes on with its others. The broker said: {reason.ReplyCode} {reason.ReplyText}",
            reason.ReplyCode, reason.ReplyText, inner) { Endpoint = endpoint };
    }

    /// <summary>Any other refusal by the broker.</summary>
    public static AmqpChannelException Refused(string operation, ShutdownEventArgs reason, string endpoint, Exception inner) =>
        new($"The broker refused to {operation}: {reason.ReplyCode} {reason.ReplyText}", reason.ReplyCode, reason.ReplyText, inner)
        {
            Endpoint = endpoint,
        };

    /// <summary>Wraps an exception of RabbitMQ.Client that is neither transient nor a channel refusal.</summary>
    public static AmqpConnectionException Unexpected(string operation, string endpoint, Exception inner) =>
        new($"Could not {operation} on the AMQP broker at {endpoint}: {Connection.Innermost(inner).Message}", inner) { Endpoint = endpoint };
}
