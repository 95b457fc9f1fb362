using System;
using System.Collections.Generic;
using System.Text.Json;
using RabbitMQ.Client;

namespace Taskcluster;

/// <summary>A message received by a <see cref="Listener"/>, as given to its handlers.</summary>
/// <remarks>
/// A message owns a copy of its body, so handlers may keep it (and <see cref="Payload"/>) after they return.
/// </remarks>
public sealed class Message
{
    internal Message(
        string exchange,
        string routingKey,
        JsonElement payload,
        IReadOnlyDictionary<string, string>? routing,
        IReadOnlyList<string> routes,
        bool redelivered,
        ReadOnlyMemory<byte> body,
        ulong deliveryTag,
        IReadOnlyBasicProperties? properties)
    {
        Exchange = exchange;
        RoutingKey = routingKey;
        Payload = payload;
        Routing = routing;
        Routes = routes;
        Redelivered = redelivered;
        Body = body;
        DeliveryTag = deliveryTag;
        Properties = properties;
    }

    /// <summary>The exchange the message was published to, for example <c>queue/v1/task-completed</c>.</summary>
    public string Exchange { get; }

    /// <summary>The routing key the message was published with.</summary>
    public string RoutingKey { get; }

    /// <summary>The message body, parsed as JSON.</summary>
    public JsonElement Payload { get; }

    /// <summary>
    /// The routing key split into the exchange's named elements (for example <c>taskId</c>, <c>runId</c>); elements the
    /// key has no word for are absent. Null when no binding of the listener described the exchange, when the routing
    /// key is a CC'ed route (starts with <c>route.</c>), or when the exchange's layout cannot be parsed.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Routing { get; }

    /// <summary>
    /// The routes the message was CC'ed to (the <c>CC</c> header entries starting with <c>route.</c>), without that
    /// prefix; empty when there are none.
    /// </summary>
    public IReadOnlyList<string> Routes { get; }

    /// <summary>Whether the broker delivered the message before (to this or another consumer) without an ack.</summary>
    public bool Redelivered { get; }

    /// <summary>The raw message body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The delivery tag on the listener's channel; the listener acknowledges it, handlers should not.</summary>
    public ulong DeliveryTag { get; }

    /// <summary>The message's AMQP properties (headers, content type, message id...), when the broker sent any.</summary>
    public IReadOnlyBasicProperties? Properties { get; }
}
