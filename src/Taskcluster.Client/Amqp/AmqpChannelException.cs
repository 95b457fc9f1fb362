using System;

namespace Taskcluster;

/// <summary>
/// The broker refused an operation while the connection itself was fine, for example a binding to an exchange that
/// does not exist (404) or a queue outside the user's namespace on Pulse (403). The broker closes the channel for
/// such an error; the <see cref="Listener"/> has already opened a new one and carries on with its earlier bindings.
/// </summary>
public class AmqpChannelException : AmqpException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what to do about it.</param>
    /// <param name="replyCode">The AMQP reply code the broker closed the channel with, for example 404.</param>
    /// <param name="replyText">The broker's own explanation, for example <c>NOT_FOUND - no exchange 'x' in vhost '/'</c>.</param>
    /// <param name="innerException">The underlying error.</param>
    public AmqpChannelException(string message, ushort replyCode, string replyText, Exception? innerException)
        : base(message, innerException)
    {
        ReplyCode = replyCode;
        ReplyText = replyText ?? string.Empty;
    }

    /// <summary>The AMQP reply code: 403 access refused, 404 not found, 405 resource locked, 406 precondition failed.</summary>
    public ushort ReplyCode { get; }

    /// <summary>The broker's explanation, as it sent it.</summary>
    public string ReplyText { get; }
}
