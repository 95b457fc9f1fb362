using System;
using System.Text.Json.Serialization.Metadata;

namespace Taskcluster;

/// <summary>
/// A <see cref="Binding"/> that knows the type of the messages its exchange publishes, so a <see cref="Listener"/>
/// can hand them to a handler already deserialized: <c>listener.OnMessage(queueEvents.TaskCompleted(...), handler)</c>.
/// </summary>
/// <typeparam name="TMessage">The message type, for example <c>Taskcluster.Models.Queue.TaskCompletedMessage</c>.</typeparam>
/// <remarks>
/// The type comes with its <see cref="JsonTypeInfo{T}"/> rather than being found by reflection, so deserializing works
/// under trimming and NativeAOT. Generated models carry that metadata in their service's context, for example
/// <c>QueueJsonContext.Default.TaskCompletedMessage</c>.
/// </remarks>
public sealed class Binding<TMessage> : Binding
{
    /// <summary>Creates a typed binding.</summary>
    /// <param name="exchange">The full exchange name, prefix included.</param>
    /// <param name="routingKeyPattern">The routing-key pattern.</param>
    /// <param name="entry">The exchange's description, when known, so received routing keys can be parsed.</param>
    /// <param name="messageType">How to deserialize the exchange's messages.</param>
    /// <exception cref="ArgumentNullException">
    /// <paramref name="exchange"/>, <paramref name="routingKeyPattern"/> or <paramref name="messageType"/> is null.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="exchange"/> or <paramref name="routingKeyPattern"/> is empty.</exception>
    public Binding(string exchange, string routingKeyPattern, ExchangeEntry? entry, JsonTypeInfo<TMessage> messageType)
        : base(exchange, routingKeyPattern, entry)
    {
        MessageType = messageType ?? throw new ArgumentNullException(nameof(messageType));
    }

    /// <summary>The metadata the listener deserializes this binding's messages with.</summary>
    public JsonTypeInfo<TMessage> MessageType { get; }
}
