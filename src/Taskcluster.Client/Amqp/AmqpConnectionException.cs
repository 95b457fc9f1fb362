using System;

namespace Taskcluster;

/// <summary>Connecting to the AMQP broker failed. The attempt may be retried by connecting again.</summary>
public sealed class AmqpConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed; never contains the password of the connection string.</param>
    /// <param name="innerException">The underlying error.</param>
    public AmqpConnectionException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>The broker's address, without credentials, for example <c>amqp://127.0.0.1:5672/</c>.</summary>
    public string? Endpoint { get; init; }
}
