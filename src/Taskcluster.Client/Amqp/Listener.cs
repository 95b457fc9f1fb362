using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Taskcluster;

/// <summary>
/// Listens for TaskCluster events: binds a queue to exchanges, hands each message to your handlers, and acknowledges
/// it when every handler succeeded (a failure is retried once by default, then dropped).
/// <code>
/// await using var listener = new Listener(new ListenerOptions { ConnectionString = "amqp://..." });
/// await listener.BindAsync(new QueueEvents().TaskCompleted(taskId: id));
/// listener.OnMessage(async (message, ct) => Console.WriteLine(message.Payload));
/// await listener.ResumeAsync();
/// </code>
/// </summary>
/// <remarks>
/// Messages must be resumed into: nothing is consumed before <see cref="ResumeAsync"/>. When the broker restarts or
/// drops the connection, the listener comes back by itself (queue, bindings and consumer restored) and raises
/// <see cref="Reconnected"/>; messages that were not acknowledged are delivered again.
/// </remarks>
public sealed class Listener : IAsyncDisposable
{
    private readonly ListenerOptions _options;
    private readonly Connection _connection;
    private readonly bool _ownsConnection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Binding> _bindings = new();
    private volatile Func<Message, CancellationToken, Task>[] _handlers = Array.Empty<Func<Message, CancellationToken, Task>>();
    private readonly CancellationTokenSource _closing = new();
    private IChannel? _channel;
    private string? _queueName;
    private string? _consumerTag;
    private bool _closed;

    /// <summary>Creates a listener; nothing is opened until it is connected or resumed.</summary>
    /// <param name="options">The connection (or connection string), queue and prefetch.</param>
    /// <exception cref="ArgumentException">Neither or both of a connection and a connection string are given, or a number is out of range.</exception>
    public Listener(ListenerOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if ((options.Connection is null) == string.IsNullOrEmpty(options.ConnectionString))
            throw new ArgumentException("Give exactly one of ListenerOptions.Connection and ListenerOptions.ConnectionString.", nameof(options));
        if (options.Prefetch is < 1 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), options.Prefetch, "Prefetch must be between 1 and 65535.");
        if (options.MaxLength < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "MaxLength must not be negative.");
        if (options.MaxConcurrentMessages is < 1 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrentMessages, "MaxConcurrentMessages must be between 1 and 65535.");
        if (options.RequeueOnFailure is null)
            throw new ArgumentException("RequeueOnFailure must not be null.", nameof(options));
        if (options.QueueName is { Length: 0 }) throw new ArgumentException("QueueName must not be empty; use null for an exclusive queue.", nameof(options));
        _options = options;
        _ownsConnection = options.Connection is null;
        _connection = options.Connection ?? new Connection(new ConnectionOptions { ConnectionString = options.ConnectionString });
        _connection.Reconnected += OnReconnected;
        _connection.Disconnected += OnDisconnected;
    }

    /// <summary>Raised when a handler fails, a message is not JSON, an acknowledgement fails or the connection drops.</summary>
    public event EventHandler<ListenerErrorEventArgs>? Error;

    /// <summary>Raised after the listener came back from a lost connection and consumes again.</summary>
    public event EventHandler? Reconnected;

    /// <summary>The queue's name once connected (server-chosen for an unnamed queue), else null.</summary>
    public string? QueueName => _queueName;

    /// <summary>
    /// Adds a handler for every message. All handlers see each message; it is acknowledged when all of them complete.
    /// </summary>
    /// <param name="handler">The handler; its token is cancelled when the listener closes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public void OnMessage(Func<Message, CancellationToken, Task> handler)
    {
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        lock (_bindings)
        {
            var handlers = new Func<Message, CancellationToken, Task>[_handlers.Length + 1];
            _handlers.CopyTo(handlers, 0);
            handlers[^1] = handler;
            _handlers = handlers;
        }
    }

    /// <summary>Binds the queue to an exchange and routing-key pattern; before connecting it is remembered, after it is bound at once.</summary>
    /// <param name="binding">The binding, from an exchange client such as <c>QueueEvents</c>.</param>
    /// <param name="cancellationToken">Cancels binding.</param>
    /// <returns>A task that completes when the binding is in place (or remembered).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="binding"/> is null.</exception>
    public async Task BindAsync(Binding binding, CancellationToken cancellationToken = default)
    {
        if (binding is null) throw new ArgumentNullException(nameof(binding));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (_channel is { } channel)
            {
                await channel.QueueBindAsync(_queueName!, binding.Exchange, binding.RoutingKeyPattern, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
            lock (_bindings) _bindings.Add(binding);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Connects, declares the queue and binds it, without consuming: for advanced use of the channel. Calling it
    /// again returns the same channel; after a failure it can simply be called again.
    /// </summary>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The RabbitMQ.Client channel of this listener.</returns>
    public async Task<IChannel> ConnectAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ConnectLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts (or restarts after <see cref="PauseAsync"/>) delivering messages to the handlers, connecting first if needed.</summary>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>A task that completes when messages flow.</returns>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = await ConnectLockedAsync(cancellationToken).ConfigureAwait(false);
            if (_consumerTag is not null) return;
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += OnReceivedAsync;
            _consumerTag = await channel.BasicConsumeAsync(_queueName!, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops delivering messages (they wait in the queue); does nothing before the listener is connected.</summary>
    /// <param name="cancellationToken">Cancels pausing.</param>
    /// <returns>A task that completes when the consumer is cancelled.</returns>
    public async Task PauseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_channel is null || _consumerTag is null) return;
            await _channel.BasicCancelAsync(_consumerTag, cancellationToken: cancellationToken).ConfigureAwait(false);
            _consumerTag = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the queue (and any messages in it), connecting first if needed.</summary>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>A task that completes when the queue is gone.</returns>
    public async Task DeleteQueueAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = await ConnectLockedAsync(cancellationToken).ConfigureAwait(false);
            await channel.QueueDeleteAsync(_queueName!, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            _consumerTag = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Closes the listener's channel (and its connection when it opened one itself). Unacknowledged messages go back
    /// to the queue. Calling it again does nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the broker.</param>
    /// <returns>A task that completes when the listener is closed.</returns>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed) return;
            _closed = true;
            _closing.Cancel();
            _connection.Reconnected -= OnReconnected;
            _connection.Disconnected -= OnDisconnected;
            if (_channel is { } channel)
            {
                _channel = null;
                try
                {
                    if (channel.IsOpen) await channel.CloseAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (RabbitMQ.Client.Exceptions.AlreadyClosedException)
                {
                    // The broker or the shared connection closed it first: nothing left to release on the wire.
                }
                await channel.DisposeAsync().ConfigureAwait(false);
            }
            if (_ownsConnection) await _connection.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async Task<IChannel> ConnectLockedAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (_channel is { } existing) return existing;
        var connection = await _connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(false, false, consumerDispatchConcurrency: (ushort)_options.MaxConcurrentMessages),
            cancellationToken).ConfigureAwait(false);
        try
        {
            await channel.BasicQosAsync(0, (ushort)_options.Prefetch, false, cancellationToken).ConfigureAwait(false);
            var arguments = new Dictionary<string, object?>();
            if (_options.MaxLength > 0) arguments["x-max-length"] = _options.MaxLength;
            bool named = _options.QueueName is not null;
            var declared = await channel.QueueDeclareAsync(
                queue: _options.QueueName ?? string.Empty,
                durable: named, exclusive: !named, autoDelete: !named,
                arguments: arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            Binding[] bindings;
            lock (_bindings) bindings = _bindings.ToArray();
            foreach (var binding in bindings)
            {
                await channel.QueueBindAsync(declared.QueueName, binding.Exchange, binding.RoutingKeyPattern, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
            _queueName = declared.QueueName;
            _channel = channel;
            return channel;
        }
        catch
        {
            // Leave nothing half-open, so that the next ConnectAsync starts clean.
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        var channel = ((AsyncEventingBasicConsumer)sender).Channel;
        // The body buffer is only valid until this handler first yields; keep our own copy.
        byte[] body = delivery.Body.ToArray();
        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(body);
            payload = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            Report(ListenerErrorKind.InvalidMessage, exception, delivery.Exchange, delivery.RoutingKey);
            await SettleAsync(channel, delivery, ack: false, requeue: false).ConfigureAwait(false);
            return;
        }

        var message = new Message(
            delivery.Exchange, delivery.RoutingKey, payload, ParseRouting(delivery.Exchange, delivery.RoutingKey), delivery.Redelivered,
            RoutingKeyParser.Routes(delivery.BasicProperties.Headers), body);

        Exception? failure = null;
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(message, _closing.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failure ??= exception;
                Report(ListenerErrorKind.Handler, exception, delivery.Exchange, delivery.RoutingKey);
            }
        }
        if (failure is null)
        {
            await SettleAsync(channel, delivery, ack: true, requeue: false).ConfigureAwait(false);
            return;
        }
        bool requeue;
        try
        {
            requeue = _options.RequeueOnFailure(message, failure);
        }
        catch (Exception exception)
        {
            Report(ListenerErrorKind.Handler, exception, delivery.Exchange, delivery.RoutingKey);
            requeue = false;
        }
        await SettleAsync(channel, delivery, ack: false, requeue).ConfigureAwait(false);
    }

    private IReadOnlyDictionary<string, string>? ParseRouting(string exchange, string routingKey)
    {
        lock (_bindings)
        {
            foreach (var binding in _bindings)
            {
                if (binding.Entry is { } entry && string.Equals(binding.Exchange, exchange, StringComparison.Ordinal))
                    return RoutingKeyParser.Parse(entry, routingKey);
            }
        }
        return null;
    }

    private async Task SettleAsync(IChannel channel, BasicDeliverEventArgs delivery, bool ack, bool requeue)
    {
        try
        {
            if (ack) await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
            else await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RabbitMQ.Client.Exceptions.AlreadyClosedException or ObjectDisposedException or OperationCanceledException)
        {
            // The channel went away with the message unacknowledged: the broker delivers it again, so nothing is lost.
            Report(ListenerErrorKind.Acknowledgement, exception, delivery.Exchange, delivery.RoutingKey);
        }
    }

    private void OnReconnected(object? sender, EventArgs args) => Reconnected?.Invoke(this, EventArgs.Empty);

    private void OnDisconnected(object? sender, Exception exception) => Report(ListenerErrorKind.Connection, exception, null, null);

    private void Report(ListenerErrorKind kind, Exception exception, string? exchange, string? routingKey)
    {
        try
        {
            Error?.Invoke(this, new ListenerErrorEventArgs(kind, exception, exchange, routingKey));
        }
        catch
        {
            // An error handler that throws must not take the consumer down with it.
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new ObjectDisposedException(nameof(Listener));
    }
}
