using System;

namespace Taskcluster;

/// <summary>Raises the AMQP events: every subscriber is called, and none of them can break the caller.</summary>
/// <remarks>
/// Events are raised from the connection's recovery and the listener's delivery paths; an exception escaping into
/// those would stop recovery or leave a message unacknowledged. Subscribers are called one by one, rather than
/// through the multicast delegate, so that one subscriber's exception does not keep the event from the others.
/// </remarks>
internal static class EventRaiser
{
    public static void Raise<T>(EventHandler<T>? handler, object sender, T args)
    {
        if (handler is null) return;
        // Events are rare (errors, recoveries), so the invocation list's allocation does not matter.
        foreach (var subscriber in handler.GetInvocationList())
        {
            try { ((EventHandler<T>)subscriber)(sender, args); }
            catch (Exception) { /* The subscriber's own bug; the others still get the event. */ }
        }
    }

    public static void Raise(EventHandler? handler, object sender, EventArgs args)
    {
        if (handler is null) return;
        foreach (var subscriber in handler.GetInvocationList())
        {
            try { ((EventHandler)subscriber)(sender, args); }
            catch (Exception) { /* The subscriber's own bug; the others still get the event. */ }
        }
    }
}
