using System;

namespace Taskcluster;

/// <summary>
/// The connection to the AMQP broker could not be opened, or was lost and not recovered within
/// <see cref="ConnectionOptions.RecoveryWaitTimeout"/>. The operation may be retried: a connection that is being
/// recovered keeps trying in the background.
/// </summary>
public sealed class AmqpConnectionException : AmqpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed; never contains the password of the connection string.</param>
    /// <param name="innerException">The underlying error.</param>
    public AmqpConnectionException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
