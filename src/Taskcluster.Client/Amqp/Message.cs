using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Taskcluster;

/// <summary>A message received by a <see cref="Listener"/>.</summary>
public sealed class Message
{
    internal Message(
        string exchange, string routingKey, JsonElement payload, IReadOnlyDictionary<string, string>? routing,
        bool redelivered, IReadOnlyList<string> routes, ReadOnlyMemory<byte> body)
    {
        Exchange = exchange;
        RoutingKey = routingKey;
        Payload = payload;
        Routing = routing;
        Redelivered = redelivered;
        Routes = routes;
        Body = body;
    }

    /// <summary>The exchange the message was published to, for example <c>queue/v1/task-completed</c>.</summary>
    public string Exchange { get; }

    /// <summary>The routing key it was published with.</summary>
    public string RoutingKey { get; }

    /// <summary>The message body, parsed as JSON.</summary>
    public JsonElement Payload { get; }

    /// <summary>
    /// The routing key split into the exchange's named elements (for example <c>taskId</c>, <c>runId</c>), when the
    /// message came through a binding made by an exchange client. Null for hand-made bindings, for messages that
    /// arrived through a CC'ed <c>route.</c> key (those do not follow the exchange's layout), and for keys that
    /// cannot be split.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Routing { get; }

    /// <summary>Whether the broker delivered the message before (it was not acknowledged then).</summary>
    public bool Redelivered { get; }

    /// <summary>The task routes the message was CC'ed to, without their <c>route.</c> prefix.</summary>
    public IReadOnlyList<string> Routes { get; }

    /// <summary>The raw body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Deserializes the payload into your own type.</summary>
    /// <typeparam name="T">The type to deserialize into.</typeparam>
    /// <param name="options">Serializer options; null for <see cref="JsonSerializerDefaults.Web"/>.</param>
    /// <returns>The payload as <typeparamref name="T"/>.</returns>
    public T? PayloadAs<T>(JsonSerializerOptions? options = null)
        => Payload.Deserialize<T>(options ?? s_web);

    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web);
}
