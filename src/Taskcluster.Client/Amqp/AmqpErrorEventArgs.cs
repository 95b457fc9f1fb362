using System;

namespace Taskcluster;

/// <summary>What went wrong, in an <see cref="AmqpErrorEventArgs"/>.</summary>
public enum AmqpErrorKind
{
    /// <summary>
    /// A message handler threw or returned a faulted task, or the payload did not deserialize into a typed handler's
    /// message type (the exception is then a <c>System.Text.Json.JsonException</c>); the message was nacked.
    /// </summary>
    HandlerFailed,

    /// <summary>A message body was not valid JSON; it was nacked without requeue, so it is dropped (or dead-lettered).</summary>
    InvalidMessage,

    /// <summary>Acknowledging a message failed, typically because the channel closed while its handlers ran.</summary>
    Acknowledgement,

    /// <summary>The connection was lost, or an attempt to recover it failed (it keeps trying).</summary>
    Connection,

    /// <summary>
    /// The broker closed the listener's channel for an error of its own (such as a binding to a missing exchange)
    /// while the connection was fine; the listener opened a new channel, or reports here why it could not.
    /// </summary>
    Channel,

    /// <summary>The broker cancelled the listener's consumer, typically because the queue was deleted.</summary>
    ConsumerCancelled,
}

/// <summary>Describes an error a <see cref="Listener"/> or <see cref="Connection"/> handled on its own.</summary>
public sealed class AmqpErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="exception">The error.</param>
    /// <param name="message">The message being handled, when the error concerns one.</param>
    /// <param name="exchange">The exchange of the message concerned, if any.</param>
    /// <param name="routingKey">The routing key of the message concerned, if any.</param>
    public AmqpErrorEventArgs(AmqpErrorKind kind, Exception exception, Message? message = null, string? exchange = null, string? routingKey = null)
    {
        Kind = kind;
        Exception = exception ?? throw new ArgumentNullException(nameof(exception));
        Message = message;
        Exchange = exchange ?? message?.Exchange;
        RoutingKey = routingKey ?? message?.RoutingKey;
    }

    /// <summary>What went wrong.</summary>
    public AmqpErrorKind Kind { get; }

    /// <summary>The error.</summary>
    public Exception Exception { get; }

    /// <summary>The parsed message, for <see cref="AmqpErrorKind.HandlerFailed"/> and <see cref="AmqpErrorKind.Acknowledgement"/>.</summary>
    public Message? Message { get; }

    /// <summary>The exchange of the message concerned, if any.</summary>
    public string? Exchange { get; }

    /// <summary>The routing key of the message concerned, if any.</summary>
    public string? RoutingKey { get; }
}
