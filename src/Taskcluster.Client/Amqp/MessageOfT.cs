using System.Collections.Generic;

namespace Taskcluster;

/// <summary>
/// A message received by a <see cref="Listener"/> through a <see cref="Binding{TMessage}"/>, with its payload
/// deserialized; given to the handlers of <see cref="Listener.OnMessage{TMessage}"/>.
/// </summary>
/// <typeparam name="TMessage">The binding's message type.</typeparam>
/// <remarks>
/// Each handler gets a payload of its own, so a handler may change it without the others seeing it. Everything of the
/// delivery besides the payload (body, properties, delivery tag) is on <see cref="Raw"/>.
/// </remarks>
public sealed class Message<TMessage>
{
    internal Message(Message raw, TMessage payload)
    {
        Raw = raw;
        Payload = payload;
    }

    /// <summary>The message body, deserialized with the binding's <see cref="Binding{TMessage}.MessageType"/>.</summary>
    public TMessage Payload { get; }

    /// <summary>The exchange the message was published to, for example <c>exchange/taskcluster-queue/v1/task-completed</c>.</summary>
    public string Exchange => Raw.Exchange;

    /// <summary>The routing key the message was published with.</summary>
    public string RoutingKey => Raw.RoutingKey;

    /// <summary>The routing key split into the exchange's named elements; see <see cref="Message.Routing"/>.</summary>
    public IReadOnlyDictionary<string, string>? Routing => Raw.Routing;

    /// <summary>The routes the message was CC'ed to, without the <c>route.</c> prefix; see <see cref="Message.Routes"/>.</summary>
    public IReadOnlyList<string> Routes => Raw.Routes;

    /// <summary>Whether the broker delivered the message before without an ack.</summary>
    public bool Redelivered => Raw.Redelivered;

    /// <summary>The untyped message: the payload as a <c>JsonElement</c>, the raw body and the AMQP properties.</summary>
    public Message Raw { get; }
}
