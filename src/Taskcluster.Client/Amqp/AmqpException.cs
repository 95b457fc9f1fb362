using System;

namespace Taskcluster;

/// <summary>
/// Base of the errors the AMQP side of the SDK throws (<see cref="AmqpConnectionException"/>,
/// <see cref="AmqpChannelException"/>); catch it to handle any broker failure without depending on RabbitMQ.Client's
/// exception types, which <see cref="Listener"/> and <see cref="Connection"/> never let escape.
/// </summary>
public abstract class AmqpException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed; never contains the password of the connection string.</param>
    /// <param name="innerException">The underlying error, often one of RabbitMQ.Client's, kept for diagnostics.</param>
    protected AmqpException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>The broker's address, without credentials, for example <c>amqp://127.0.0.1:5672/</c>.</summary>
    public string? Endpoint { get; init; }
}
