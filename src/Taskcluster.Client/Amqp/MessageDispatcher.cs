using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;

namespace Taskcluster;

/// <summary>What to tell the broker about a delivery.</summary>
internal enum Acknowledgement
{
    Ack,
    NackRequeue,
    NackDiscard,
}

/// <summary>
/// The broker-independent half of a listener: turns a delivery into a <see cref="Message"/>, runs the handlers and
/// decides how to acknowledge it. Kept apart from the channel so every vector can be checked without a broker.
/// </summary>
/// <remarks>
/// <para>
/// Which handlers a delivery goes to: every typed handler whose binding it matches (the same exchange, and the routing
/// key or one of the message's CC'ed keys matching the binding's pattern as the broker matches it); when no typed
/// handler matches, every untyped handler (a <c>ReadAllAsync</c> stream is one). Typed bindings thus take the messages
/// they describe, and the untyped handlers keep everything else, as they had it all before typed handlers existed.
/// </para>
/// <para>Handlers and exchange layouts are copy-on-write arrays/maps, so deliveries read them without locks.</para>
/// </remarks>
internal sealed class MessageDispatcher
{
    private const string RoutePrefix = "route.";
    private static readonly IReadOnlyList<string> NoRoutes = Array.Empty<string>();

    private readonly object _sync = new();
    private Func<Message, CancellationToken, Task>[] _handlers = Array.Empty<Func<Message, CancellationToken, Task>>();
    private TypedHandler[] _typed = Array.Empty<TypedHandler>();
    private Dictionary<string, ExchangeEntry> _entries = new(StringComparer.Ordinal);

    public MessageDispatcher(FailedMessagePolicy policy, Action<AmqpErrorEventArgs> reportError)
    {
        Policy = policy;
        ReportError = reportError;
    }

    public FailedMessagePolicy Policy { get; }

    private Action<AmqpErrorEventArgs> ReportError { get; }

    /// <summary>The number of untyped handlers (a <c>ReadAllAsync</c> stream counts as one).</summary>
    public int HandlerCount => Volatile.Read(ref _handlers).Length;

    public void AddHandler(Func<Message, CancellationToken, Task> handler)
    {
        lock (_sync)
        {
            var handlers = new Func<Message, CancellationToken, Task>[_handlers.Length + 1];
            _handlers.CopyTo(handlers, 0);
            handlers[^1] = handler;
            Volatile.Write(ref _handlers, handlers);
        }
    }

    /// <summary>
    /// Adds a handler for the messages <paramref name="binding"/> matches, given to it deserialized with the binding's
    /// message type. A payload that does not deserialize fails the handler, so the message goes by the failure policy
    /// and is reported like any handler failure.
    /// </summary>
    public void AddTypedHandler<TMessage>(Binding<TMessage> binding, Func<Message<TMessage>, CancellationToken, Task> handler)
    {
        var messageType = binding.MessageType;
        // Deserialized per handler, not per delivery: the models are mutable, and handlers run concurrently.
        var typed = new TypedHandler(
            binding.Exchange,
            new TopicPattern(binding.RoutingKeyPattern),
            (message, cancellationToken) => handler(new Message<TMessage>(message, Deserialize(message, messageType)), cancellationToken));
        lock (_sync)
        {
            var handlers = new TypedHandler[_typed.Length + 1];
            _typed.CopyTo(handlers, 0);
            handlers[^1] = typed;
            Volatile.Write(ref _typed, handlers);
        }
    }

    /// <summary>Remembers the exchange's layout, if the binding has one, to parse routing keys from that exchange.</summary>
    /// <remarks>
    /// The layout belongs to the exchange, not to one binding, so any binding that carries it is enough (the 2014 client
    /// took the last binding for the exchange, and lost the layout when that one was a hand-made binding).
    /// </remarks>
    public void AddBinding(Binding binding)
    {
        if (binding.Entry is null) return;
        lock (_sync)
        {
            if (_entries.ContainsKey(binding.Exchange)) return;
            var entries = new Dictionary<string, ExchangeEntry>(_entries, StringComparer.Ordinal)
            {
                [binding.Exchange] = binding.Entry,
            };
            Volatile.Write(ref _entries, entries);
        }
    }

    /// <summary>Builds the message handed to handlers.</summary>
    /// <exception cref="JsonException">The body is not a single JSON value.</exception>
    public Message CreateMessage(
        ReadOnlyMemory<byte> body, string exchange, string routingKey, bool redelivered, ulong deliveryTag, IReadOnlyBasicProperties? properties)
    {
        var payload = ParsePayload(body.Span);
        return new Message(
            exchange,
            routingKey,
            payload,
            ResolveRouting(exchange, routingKey),
            ExtractRoutes(properties),
            redelivered,
            body,
            deliveryTag,
            properties);
    }

    public IReadOnlyDictionary<string, string>? ResolveRouting(string exchange, string routingKey)
    {
        // A CC'ed route reaches the queue with the route as its routing key, which has nothing to do with the
        // exchange's layout; parsing it would invent taskId=index and the like.
        if (routingKey.StartsWith(RoutePrefix, StringComparison.Ordinal)) return null;
        return Volatile.Read(ref _entries).TryGetValue(exchange, out var entry) ? RoutingKeyParser.Parse(entry, routingKey) : null;
    }

    /// <summary>The <c>CC</c> header entries that start with <c>route.</c>, without it.</summary>
    public static IReadOnlyList<string> ExtractRoutes(IReadOnlyBasicProperties? properties)
    {
        List<string>? routes = null;
        foreach (var key in CcKeys(properties))
        {
            if (!key.StartsWith(RoutePrefix, StringComparison.Ordinal)) continue;
            (routes ??= new List<string>()).Add(key.Substring(RoutePrefix.Length));
        }
        return routes is null ? NoRoutes : routes;
    }

    /// <summary>
    /// Every routing key of the <c>CC</c> header: the broker routed the message by these as well as by its routing
    /// key, and the delivery keeps only the latter.
    /// </summary>
    public static IReadOnlyList<string> CcKeys(IReadOnlyBasicProperties? properties)
    {
        var headers = properties?.Headers;
        if (headers is null || !headers.TryGetValue("CC", out var cc) || cc is null) return NoRoutes;
        if (cc is not System.Collections.IEnumerable items || cc is string || cc is byte[])
        {
            // A single value instead of an array: tolerate it as a one-element list.
            items = new[] { cc };
        }
        List<string>? keys = null;
        foreach (var item in items)
        {
            string? text = item switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string s => s,
                _ => null,
            };
            if (text is not null) (keys ??= new List<string>()).Add(text);
        }
        return keys is null ? NoRoutes : keys;
    }

    /// <summary>
    /// Handles one delivery: builds the message, runs the handlers and decides the acknowledgement. A body that is not
    /// JSON is reported and discarded, since requeueing it could never help and leaving it unacknowledged would stick it.
    /// </summary>
    public Task<Acknowledgement> HandleAsync(
        ReadOnlyMemory<byte> body, string exchange, string routingKey, bool redelivered, ulong deliveryTag,
        IReadOnlyBasicProperties? properties, CancellationToken cancellationToken)
    {
        Message message;
        try
        {
            message = CreateMessage(body, exchange, routingKey, redelivered, deliveryTag, properties);
        }
        catch (JsonException ex)
        {
            ReportError(new AmqpErrorEventArgs(AmqpErrorKind.InvalidMessage,
                new InvalidOperationException($"The message body is not valid JSON: {ex.Message}", ex),
                exchange: exchange, routingKey: routingKey));
            return DiscardTask;
        }
        return DispatchAsync(message, cancellationToken);
    }

    /// <summary>
    /// Runs every handler the message goes to (all of them, even when one fails) and decides the acknowledgement.
    /// </summary>
    public Task<Acknowledgement> DispatchAsync(Message message, CancellationToken cancellationToken)
    {
        var handlers = HandlersFor(message);
        if (handlers.Length == 0) return AckTask;
        if (handlers.Length == 1)
        {
            Task task;
            try
            {
                task = handlers[0](message, cancellationToken);
            }
            catch (Exception ex)
            {
                return Task.FromResult(Fail(message, ex, cancellationToken));
            }
            // Most handlers finish synchronously or quickly; skip the state machine when already done.
            if (task.IsCompletedSuccessfully) return AckTask;
            return AwaitOneAsync(task, message, cancellationToken);
        }
        return RunAllAsync(handlers, message, cancellationToken);
    }

    /// <summary>The typed handlers whose binding the message matches or, when there are none, the untyped handlers.</summary>
    private Func<Message, CancellationToken, Task>[] HandlersFor(Message message)
    {
        var typed = Volatile.Read(ref _typed);
        List<Func<Message, CancellationToken, Task>>? matched = null;
        IReadOnlyList<string>? ccKeys = null;
        foreach (var candidate in typed)
        {
            if (!string.Equals(candidate.Exchange, message.Exchange, StringComparison.Ordinal)) continue;
            if (candidate.Pattern.Matches(message.RoutingKey) || MatchesAny(candidate.Pattern, ccKeys ??= CcKeys(message.Properties)))
            {
                (matched ??= new List<Func<Message, CancellationToken, Task>>()).Add(candidate.Handle);
            }
        }
        return matched is null ? Volatile.Read(ref _handlers) : matched.ToArray();
    }

    private static bool MatchesAny(TopicPattern pattern, IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            if (pattern.Matches(key)) return true;
        }
        return false;
    }

    /// <summary>
    /// Deserializes a typed handler's payload. Failing here fails that handler, so the message is settled by the
    /// failure policy and reported as a handler failure, with the delivery named since the serializer's message does
    /// not say which message it was.
    /// </summary>
    /// <exception cref="JsonException">The body does not fit the type (a missing required property, a wrong type) or is null.</exception>
    private static TMessage Deserialize<TMessage>(Message message, JsonTypeInfo<TMessage> messageType)
    {
        TMessage? payload;
        try
        {
            payload = JsonSerializer.Deserialize(message.Body.Span, messageType);
        }
        catch (JsonException ex)
        {
            throw new JsonException(
                $"The message from '{message.Exchange}' with routing key '{message.RoutingKey}' is not a valid {messageType.Type.Name}: {ex.Message}",
                ex.Path, ex.LineNumber, ex.BytePositionInLine, ex);
        }
        if (payload is null)
        {
            throw new JsonException(
                $"The message from '{message.Exchange}' with routing key '{message.RoutingKey}' is null, not a {messageType.Type.Name}.");
        }
        return payload;
    }

    private static readonly Task<Acknowledgement> AckTask = Task.FromResult(Acknowledgement.Ack);
    private static readonly Task<Acknowledgement> DiscardTask = Task.FromResult(Acknowledgement.NackDiscard);

    private async Task<Acknowledgement> AwaitOneAsync(Task task, Message message, CancellationToken cancellationToken)
    {
        try
        {
            await task.ConfigureAwait(false);
            return Acknowledgement.Ack;
        }
        catch (Exception ex)
        {
            return Fail(message, ex, cancellationToken);
        }
    }

    private async Task<Acknowledgement> RunAllAsync(Func<Message, CancellationToken, Task>[] handlers, Message message, CancellationToken cancellationToken)
    {
        // Start them all first so they run concurrently, as the 2014 client did with Promise.all, but wait for every
        // one: a message is only acked when all of them succeeded.
        var tasks = new Task[handlers.Length];
        for (int i = 0; i < handlers.Length; i++)
        {
            try
            {
                tasks[i] = handlers[i](message, cancellationToken);
            }
            catch (Exception ex)
            {
                tasks[i] = Task.FromException(ex);
            }
        }
        var result = Acknowledgement.Ack;
        foreach (var task in tasks)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                var outcome = Fail(message, ex, cancellationToken);
                // A handler that failed outweighs one that was merely stopped by the closing listener.
                if (result == Acknowledgement.Ack || outcome == Acknowledgement.NackDiscard) result = outcome;
            }
        }
        return result;
    }

    private Acknowledgement Fail(Message message, Exception ex, CancellationToken cancellationToken)
    {
        // A handler that honours the listener's token stopped because the listener is closing: the message was not
        // handled, not rejected. It goes back to the queue whatever the policy says, and is not reported as a failure.
        if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested) return Acknowledgement.NackRequeue;
        // A ReadAllAsync loop that ended: what it never saw goes back as it came; what it held when it ended may be
        // what made it end, so the policy decides, but there is no failure to report.
        if (ex is MessageNotHandledException notHandled)
            return notHandled.Seen ? Decide(handlersSucceeded: false, message.Redelivered, Policy) : Acknowledgement.NackRequeue;
        ReportError(new AmqpErrorEventArgs(AmqpErrorKind.HandlerFailed, ex, message));
        return Decide(handlersSucceeded: false, message.Redelivered, Policy);
    }

    public static Acknowledgement Decide(bool handlersSucceeded, bool redelivered, FailedMessagePolicy policy)
    {
        if (handlersSucceeded) return Acknowledgement.Ack;
        return policy switch
        {
            FailedMessagePolicy.AlwaysRequeue => Acknowledgement.NackRequeue,
            FailedMessagePolicy.NeverRequeue => Acknowledgement.NackDiscard,
            _ => redelivered ? Acknowledgement.NackDiscard : Acknowledgement.NackRequeue,
        };
    }

    private static JsonElement ParsePayload(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        // ParseValue returns an element that owns its memory, so nothing needs disposing and handlers may keep it.
        var payload = JsonElement.ParseValue(ref reader);
        // ParseValue stops after the first value; anything but whitespace after it makes the body invalid.
        if (reader.Read()) throw new JsonException("The message body has content after its JSON value.");
        return payload;
    }
}

/// <summary>A typed handler with what the dispatcher matches deliveries against.</summary>
internal sealed record TypedHandler(string Exchange, TopicPattern Pattern, Func<Message, CancellationToken, Task> Handle);
