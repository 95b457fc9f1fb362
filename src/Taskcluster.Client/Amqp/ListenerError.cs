using System;

namespace Taskcluster;

/// <summary>What went wrong in a <see cref="Listener"/>, reported through <see cref="Listener.Error"/>.</summary>
public enum ListenerErrorKind
{
    /// <summary>A message handler threw or failed; the message was nacked.</summary>
    Handler,

    /// <summary>A message body was not JSON; it was nacked without requeue so it cannot block the queue.</summary>
    InvalidMessage,

    /// <summary>The connection or channel failed (the broker went away, or closed it).</summary>
    Connection,

    /// <summary>An acknowledgement could not be sent (typically because the channel closed meanwhile).</summary>
    Acknowledgement,
}

/// <summary>An error reported by a <see cref="Listener"/>.</summary>
public sealed class ListenerErrorEventArgs : EventArgs
{
    internal ListenerErrorEventArgs(ListenerErrorKind kind, Exception exception, string? exchange = null, string? routingKey = null)
    {
        Kind = kind;
        Exception = exception;
        Exchange = exchange;
        RoutingKey = routingKey;
    }

    /// <summary>What kind of failure this is.</summary>
    public ListenerErrorKind Kind { get; }

    /// <summary>The failure.</summary>
    public Exception Exception { get; }

    /// <summary>The exchange of the message concerned, if any.</summary>
    public string? Exchange { get; }

    /// <summary>The routing key of the message concerned, if any.</summary>
    public string? RoutingKey { get; }
}
