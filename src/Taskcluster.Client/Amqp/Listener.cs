using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Taskcluster;

/// <summary>
/// Consumes TaskCluster messages from an AMQP queue: declares the queue, binds it to the exchanges and routing-key
/// patterns given to <see cref="BindAsync"/>, and hands every message to the <see cref="OnMessage"/> handlers.
/// </summary>
/// <remarks>
/// <para>
/// Acknowledgement: a message is acked once every handler completed; when any handler throws or returns a faulted
/// task it is nacked, requeued or not according to <see cref="ListenerOptions.FailedMessagePolicy"/> (by default
/// requeued unless it was already redelivered). A body that is not JSON is nacked without requeue and reported
/// through <see cref="Error"/>. With no handlers, messages are acked.
/// </para>
/// <para>
/// Concurrency: handlers are called one delivery after another, but a handler that returns an unfinished task does
/// not hold up the next delivery, so up to <see cref="ListenerOptions.Prefetch"/> messages can be in progress at the
/// same time on thread-pool threads: handlers must be thread-safe. The handlers of one message run concurrently too.
/// </para>
/// <para>
/// Connection loss: on a lost connection the <see cref="Connection"/> recovers by itself (see its remarks); the queue
/// is re-declared and re-bound, consuming resumes if it was on, and <see cref="Reconnected"/> is raised. Messages that
/// were being handled when the connection dropped are redelivered (at-least-once delivery).
/// </para>
/// <para>Events are raised on library threads; exceptions thrown by their subscribers are ignored.</para>
/// <para>All members are safe to call from several threads.</para>
/// </remarks>
public sealed class Listener : IAsyncDisposable
{
    private readonly Connection _connection;
    private readonly bool _ownsConnection;
    private readonly bool _namedQueue;
    private readonly ushort _prefetch;
    private readonly int _maxLength;
    private readonly MessageDispatcher _dispatcher;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Binding> _bindings = new();
    private readonly CancellationTokenSource _closing = new();
    private IChannel? _channel;
    private string? _consumerTag;
    private bool _subscribed;
    private volatile bool _closed;

    /// <summary>Creates a listener; nothing is opened until <see cref="ConnectAsync"/> or <see cref="ResumeAsync"/>.</summary>
    /// <param name="options">The connection to use and the queue to declare.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Not exactly one of <see cref="ListenerOptions.Connection"/> and <see cref="ListenerOptions.ConnectionString"/> was
    /// given, or the connection string is not an AMQP URI.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">Prefetch is outside 1–65535 or MaxLength is negative.</exception>
    public Listener(ListenerOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        bool hasString = !string.IsNullOrEmpty(options.ConnectionString);
        if (options.Connection is null == !hasString)
        {
            throw new ArgumentException(
                options.Connection is null
                    ? "ListenerOptions needs a Connection or a ConnectionString."
                    : "ListenerOptions takes a Connection or a ConnectionString, not both.",
                nameof(options));
        }
        if (options.Prefetch < 1 || options.Prefetch > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), options.Prefetch, "ListenerOptions.Prefetch must be between 1 and 65535.");
        if (options.MaxLength < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLength, "ListenerOptions.MaxLength must be 0 (no limit) or positive.");
        if (!Enum.IsDefined(options.FailedMessagePolicy))
            throw new ArgumentOutOfRangeException(nameof(options), options.FailedMessagePolicy, "Unknown ListenerOptions.FailedMessagePolicy.");

        _namedQueue = !string.IsNullOrEmpty(options.QueueName);
        // Even the exclusive queue gets a name of ours rather than a server-generated one, so that connection
        // recovery re-declares it under the same name and the listener never has to follow a rename.
        QueueName = _namedQueue ? options.QueueName! : NewQueueName();
        _prefetch = (ushort)options.Prefetch;
        _maxLength = options.MaxLength;
        _dispatcher = new MessageDispatcher(options.FailedMessagePolicy, RaiseError);
        if (options.Connection is not null)
        {
            _connection = options.Connection;
        }
        else
        {
            _connection = new Connection(new ConnectionOptions
            {
                ConnectionString = options.ConnectionString!,
                ClientProvidedName = $"{Connection.DefaultClientName} listener {QueueName}",
            });
            _ownsConnection = true;
        }
    }

    /// <summary>The queue's name: the one given in the options, or the random name of the exclusive queue.</summary>
    public string QueueName { get; }

    /// <summary>The connection the listener's channel is on (its own when created from a connection string).</summary>
    public Connection Connection => _connection;

    /// <summary>
    /// Raised when a handler fails, a message is not valid JSON, an acknowledgement cannot be sent, or the connection
    /// is lost or cannot be recovered. Raised on library threads; keep subscribers quick and thread-safe.
    /// </summary>
    public event EventHandler<AmqpErrorEventArgs>? Error;

    /// <summary>Raised after a lost connection was recovered and the queue re-declared, re-bound and (if resumed) consumed again.</summary>
    public event EventHandler? Reconnected;

    /// <summary>The bindings added so far.</summary>
    public IReadOnlyList<Binding> Bindings
    {
        get
        {
            lock (_bindings) return _bindings.ToArray();
        }
    }

    /// <summary>
    /// Binds the queue to an exchange and routing-key pattern, for example <c>queueEvents.TaskCompleted(...)</c>.
    /// Before connecting the binding is remembered; once connected it is made at once.
    /// </summary>
    /// <param name="binding">The exchange and pattern; its <see cref="Binding.Entry"/>, when set, lets messages from
    /// the exchange carry a parsed <see cref="Message.Routing"/>.</param>
    /// <param name="cancellationToken">Cancels the bind.</param>
    /// <exception cref="ArgumentNullException"><paramref name="binding"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public async Task BindAsync(Binding binding, CancellationToken cancellationToken = default)
    {
        if (binding is null) throw new ArgumentNullException(nameof(binding));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (_channel is not null)
            {
                await _channel.QueueBindAsync(QueueName, binding.Exchange, binding.RoutingKeyPattern, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
            lock (_bindings) _bindings.Add(binding);
            _dispatcher.AddBinding(binding);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Adds a message handler. Every handler gets every message; the message is acked when all of them complete.
    /// The token passed to the handler is cancelled when the listener closes.
    /// </summary>
    /// <param name="handler">The handler; may be called concurrently (see the class remarks).</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public void OnMessage(Func<Message, CancellationToken, Task> handler)
    {
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        _dispatcher.AddHandler(handler);
    }

    /// <summary>
    /// Connects if needed, opens the listener's channel, sets the prefetch, declares the queue and makes the bindings,
    /// without consuming. Safe to call repeatedly: later calls return the same channel. A failed call can be retried.
    /// </summary>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The channel, for advanced use (for example consuming it yourself); closing the listener closes it.</returns>
    /// <exception cref="AmqpConnectionException">The broker could not be reached.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public async Task<IChannel> ConnectAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ConnectCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Connects if needed and starts consuming: from now on handlers get messages.</summary>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="AmqpConnectionException">The broker could not be reached.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = await ConnectCoreAsync(cancellationToken).ConfigureAwait(false);
            if (_consumerTag is not null) return;
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += OnReceivedAsync;
            _consumerTag = await channel.BasicConsumeAsync(QueueName, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops consuming; messages already being handled still complete and are acknowledged. Does nothing when not
    /// consuming (including before connecting).
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the broker.</param>
    public async Task PauseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_channel is null || _consumerTag is null) return;
            string tag = _consumerTag;
            _consumerTag = null;
            await _channel.BasicCancelAsync(tag, noWait: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Deletes the queue (with any messages in it), then closes the listener, which cannot consume any more.
    /// Connects first if needed, so a named queue left by an earlier run can be deleted.
    /// </summary>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    public async Task DeleteQueueAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = await ConnectCoreAsync(cancellationToken).ConfigureAwait(false);
            await channel.QueueDeleteAsync(QueueName, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        await CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the listener: cancels the token given to running handlers, closes the channel (unacknowledged messages
    /// go back to the queue) and, when the listener opened its own connection, that connection. A shared
    /// <see cref="Connection"/> stays open. Later calls do nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the broker to confirm.</param>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed) return;
            _closed = true;
            _closing.Cancel();
            Unsubscribe();
            var channel = _channel;
            _channel = null;
            _consumerTag = null;
            if (channel is not null)
            {
                try
                {
                    if (!_namedQueue && !_ownsConnection && channel.IsOpen)
                    {
                        // On a shared connection the exclusive queue would otherwise live (and be recovered) until
                        // the connection closes; nobody else can use it.
                        await channel.QueueDeleteAsync(QueueName, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    await channel.CloseAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The channel was already gone (broker closed it); closing is done either way.
                }
                finally
                {
                    await channel.DisposeAsync().ConfigureAwait(false);
                }
            }
            if (_ownsConnection) await _connection.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the listener, like <see cref="CloseAsync"/>.</summary>
    /// <returns>A task that completes when the listener is closed.</returns>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async Task<IChannel> ConnectCoreAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (_channel is not null) return _channel;
        var connection = await _connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        Subscribe();
        IChannel? channel = null;
        try
        {
            // One dispatch worker: OnReceivedAsync never waits for a slow handler (see there), so handlers still
            // overlap up to the prefetch, without the cost of many workers contending for deliveries.
            channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            channel.ChannelShutdownAsync += OnChannelShutdownAsync;
            await channel.BasicQosAsync(0, _prefetch, global: false, cancellationToken).ConfigureAwait(false);
            Dictionary<string, object?>? arguments = null;
            if (_maxLength > 0) arguments = new Dictionary<string, object?> { ["x-max-length"] = _maxLength };
            await channel.QueueDeclareAsync(
                QueueName,
                durable: _namedQueue,
                exclusive: !_namedQueue,
                autoDelete: !_namedQueue,
                arguments,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var binding in Bindings)
            {
                await channel.QueueBindAsync(QueueName, binding.Exchange, binding.RoutingKeyPattern, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        catch
        {
            // Leave nothing half set up so the next call starts over.
            if (channel is not null)
            {
                channel.ChannelShutdownAsync -= OnChannelShutdownAsync;
                try { await channel.CloseAsync(CancellationToken.None).ConfigureAwait(false); } catch (Exception) { /* already broken */ }
                await channel.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
        _channel = channel;
        return channel;
    }

    /// <summary>Test seam: called after each acknowledgement was sent (or failed to send).</summary>
    internal Action<ulong, Acknowledgement>? SettledForTesting { get; set; }

    private Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        // The body buffer belongs to the client library and is reused once this callback yields, so copy it first.
        byte[] body = delivery.Body.ToArray();
        var channel = ((AsyncEventingBasicConsumer)sender).Channel;
        ulong deliveryTag = delivery.DeliveryTag;
        var handled = _dispatcher.HandleAsync(
            body, delivery.Exchange, delivery.RoutingKey, delivery.Redelivered, deliveryTag, delivery.BasicProperties, _closing.Token);
        // Synchronous handlers are the common case: settle at once, like a hand-written consumer would.
        if (handled.IsCompletedSuccessfully) return SettleAsync(channel, deliveryTag, handled.Result);
        // A handler still running must not hold up the next delivery: let it settle when it finishes. The broker
        // sends at most prefetch unacknowledged messages, which bounds how many run at once. Nothing escapes
        // HandleThenSettleAsync (handler and ack failures become Error events), so it is safe to let it run alone.
        _ = HandleThenSettleAsync(channel, deliveryTag, handled);
        return Task.CompletedTask;
    }

    private async Task HandleThenSettleAsync(IChannel channel, ulong deliveryTag, Task<Acknowledgement> handled)
    {
        var acknowledgement = await handled.ConfigureAwait(false);
        await SettleAsync(channel, deliveryTag, acknowledgement).ConfigureAwait(false);
    }

    private Task SettleAsync(IChannel channel, ulong deliveryTag, Acknowledgement acknowledgement)
    {
        ValueTask sent;
        try
        {
            sent = acknowledgement switch
            {
                Acknowledgement.Ack => channel.BasicAckAsync(deliveryTag, multiple: false),
                Acknowledgement.NackRequeue => channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true),
                _ => channel.BasicNackAsync(deliveryTag, multiple: false, requeue: false),
            };
        }
        catch (Exception ex)
        {
            ReportSettleFailure(ex);
            SettledForTesting?.Invoke(deliveryTag, acknowledgement);
            return Task.CompletedTask;
        }
        if (sent.IsCompletedSuccessfully)
        {
            SettledForTesting?.Invoke(deliveryTag, acknowledgement);
            return Task.CompletedTask;
        }
        return AwaitSettleAsync(sent, deliveryTag, acknowledgement);
    }

    private async Task AwaitSettleAsync(ValueTask sent, ulong deliveryTag, Acknowledgement acknowledgement)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ReportSettleFailure(ex);
        }
        SettledForTesting?.Invoke(deliveryTag, acknowledgement);
    }

    private void ReportSettleFailure(Exception ex)
    {
        // After close the channel is gone on purpose; the broker requeues what was not acknowledged.
        if (_closed) return;
        RaiseError(new AmqpErrorEventArgs(AmqpErrorKind.Acknowledgement, ex));
    }

    private Task OnChannelShutdownAsync(object sender, ShutdownEventArgs e)
    {
        if (e.Initiator != ShutdownInitiator.Application && !_closed && _connection.IsOpen)
        {
            // The connection is fine, so this is a channel-level error (such as a bind to a missing exchange);
            // connection recovery does not cover those.
            RaiseError(new AmqpErrorEventArgs(AmqpErrorKind.Connection,
                new InvalidOperationException($"The broker closed the listener's channel: {e.ReplyCode} {e.ReplyText}", e.Exception)));
        }
        return Task.CompletedTask;
    }

    private void Subscribe()
    {
        if (_subscribed) return;
        _connection.Reconnected += OnConnectionReconnected;
        _connection.Error += OnConnectionError;
        _subscribed = true;
    }

    private void Unsubscribe()
    {
        if (!_subscribed) return;
        _connection.Reconnected -= OnConnectionReconnected;
        _connection.Error -= OnConnectionError;
        _subscribed = false;
    }

    private void OnConnectionReconnected(object? sender, EventArgs e)
    {
        if (_closed) return;
        var handler = Reconnected;
        if (handler is null) return;
        try { handler(this, EventArgs.Empty); }
        catch (Exception) { /* A subscriber's bug must not break the listener. */ }
    }

    private void OnConnectionError(object? sender, AmqpErrorEventArgs e)
    {
        if (!_closed) RaiseError(e);
    }

    private void RaiseError(AmqpErrorEventArgs args)
    {
        var handler = Error;
        if (handler is null) return;
        try { handler(this, args); }
        catch (Exception) { /* A subscriber's bug must not break the listener. */ }
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new ObjectDisposedException(nameof(Listener), "The listener was closed.");
    }

    private static string NewQueueName()
    {
        // A v4 UUID as 22 characters of URL-safe base64, the shape TaskCluster uses for ids (slugid).
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
