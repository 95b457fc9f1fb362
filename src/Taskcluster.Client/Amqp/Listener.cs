using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Taskcluster;

/// <summary>
/// Consumes TaskCluster messages from an AMQP queue: declares the queue, binds it to the exchanges and routing-key
/// patterns given to <see cref="BindAsync"/> (or with typed handlers), and hands every message to its handlers.
/// </summary>
/// <remarks>
/// <para>
/// Queue names follow Pulse (see <see cref="ListenerOptions"/>): a named queue is the durable quorum queue
/// <c>queue/&lt;namespace&gt;/&lt;name&gt;</c>, a listener without a name gets the exclusive queue
/// <c>queue/&lt;namespace&gt;/&lt;random id&gt;</c>, and the namespace defaults to the connection's user name.
/// </para>
/// <para>
/// Starting and stopping: <see cref="StartAsync"/> is <see cref="ResumeAsync"/> (the names of TaskCluster's
/// specification), and <see cref="StopAsync"/> is <see cref="PauseAsync"/> followed by waiting for the handlers still
/// running, which is what a host shutting down wants. Both pairs can be mixed and called again.
/// </para>
/// <para>
/// Handlers: <see cref="OnMessage{TMessage}"/> adds a typed handler for one binding, which gets the messages that
/// binding matches (its exchange, and a routing key or CC'ed key matching its pattern as the broker matches it),
/// deserialized. A message that no typed handler's binding matches goes to the untyped handlers of
/// <see cref="OnMessage(Func{Message, CancellationToken, Task})"/>, or to <see cref="ReadAllAsync"/>; a message that
/// one does goes to the typed handlers only.
/// </para>
/// <para>
/// Acknowledgement: a message is acked once every handler it went to completed; when any handler throws or returns a faulted
/// task it is nacked, requeued or not according to <see cref="ListenerOptions.FailedMessagePolicy"/> (by default
/// requeued unless it was already redelivered). A body that does not deserialize into a typed handler's message type
/// fails that handler the same way. A body that is not JSON at all is nacked without requeue and reported through
/// <see cref="Error"/>. A message that reaches no handler is acked.
/// </para>
/// <para>
/// Concurrency: handlers are called one delivery after another, but a handler that returns an unfinished task does
/// not hold up the next delivery, so up to <see cref="ListenerOptions.Prefetch"/> messages can be in progress at the
/// same time on thread-pool threads: handlers must be thread-safe. The handlers of one message run concurrently too.
/// </para>
/// <para>
/// Failures: on a lost connection the <see cref="Connection"/> recovers by itself (see its remarks); the queue is
/// re-declared and re-bound, consuming resumes if it was on, and <see cref="Reconnected"/> is raised once. Messages
/// that were being handled when the connection dropped are redelivered (at-least-once delivery). Operations called
/// during a recovery wait for it (at most <see cref="ConnectionOptions.RecoveryWaitTimeout"/>) and then throw
/// <see cref="AmqpConnectionException"/>. When the broker closes only the listener's channel (an error on it, such as
/// a binding to a missing exchange) or cancels its consumer (the queue was deleted), the listener opens a new channel,
/// re-declares and re-binds its queue and consumes again, and reports it through <see cref="Error"/>. Every error
/// thrown derives from <see cref="AmqpException"/>, apart from argument, cancellation and disposal errors.
/// </para>
/// <para>Events are raised on library threads; exceptions thrown by their subscribers are ignored.</para>
/// <para>All members are safe to call from several threads.</para>
/// </remarks>
public sealed class Listener : IAsyncDisposable
{
    private const string PulseQueuePrefix = "queue/";

    /// <summary>
    /// How long to pause before trying an operation again when it failed although the connection looks fine (a timed
    /// out request, a connection drop not yet noticed), so a broker in trouble is not hammered.
    /// </summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    private readonly Connection _connection;
    private readonly bool _ownsConnection;
    private readonly bool _exclusive;
    private readonly bool _quorum;
    private readonly ushort _prefetch;
    private readonly Dictionary<string, object?>? _queueArguments;
    private readonly MessageDispatcher _dispatcher;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Binding> _bindings = new();
    private readonly CancellationTokenSource _closing = new();
    private IChannel? _channel;
    // The channel whose consumer the broker cancelled: it stays open but has to be replaced to consume again.
    private IChannel? _abandonedChannel;
    private string? _consumerTag;
    private bool _consuming;
    private bool _subscribed;
    private volatile bool _closed;
    private volatile bool _deleting;
    private bool _tornDown;
    private int _inFlight;
    private TaskCompletionSource? _drained;
    private int _repairScheduled;
    private MessageStream? _stream;

    /// <summary>Creates a listener; nothing is opened until <see cref="ConnectAsync"/> or <see cref="ResumeAsync"/>.</summary>
    /// <param name="options">The connection to use and the queue to declare.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Not exactly one of <see cref="ListenerOptions.Connection"/> and <see cref="ListenerOptions.ConnectionString"/> was
    /// given, the connection string is not an AMQP URI, or the full queue name is longer than 255 bytes.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">Prefetch is outside 1–65535, MaxLength is negative, or an enum value is unknown.</exception>
    /// <exception cref="PlatformNotSupportedException">Running in a browser, where AMQP cannot connect.</exception>
    public Listener(ListenerOptions options)
    {
        // First, before anything of RabbitMQ.Client is used: its types are only loaded by code below this line.
        BrowserPlatform.ThrowIfBrowser(nameof(Listener));
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
        if (!Enum.IsDefined(options.QueueType))
            throw new ArgumentOutOfRangeException(nameof(options), options.QueueType, "Unknown ListenerOptions.QueueType.");

        string userName = options.Connection?.UserName ?? Connection.CreateFactory(options.ConnectionString, nameof(options)).UserName;
        Namespace = string.IsNullOrEmpty(options.Namespace) ? userName : options.Namespace!;
        _exclusive = string.IsNullOrEmpty(options.QueueName);
        // Even the exclusive queue gets a name of ours rather than a server-generated one, so that connection
        // recovery re-declares it under the same name and the listener never has to follow a rename.
        QueueName = _exclusive ? FullQueueName(Namespace, NewQueueId()) : FullQueueName(Namespace, options.QueueName!);
        if (Encoding.UTF8.GetByteCount(QueueName) > 255)
            throw new ArgumentException($"The queue name '{QueueName}' is longer than the 255 bytes AMQP allows.", nameof(options));
        _quorum = !_exclusive && options.QueueType == AmqpQueueType.Quorum;
        _queueArguments = QueueArguments(_quorum, options.MaxLength, options.DeadLetterExchange);
        _prefetch = (ushort)options.Prefetch;
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

    /// <summary>
    /// The queue's full name: <c>queue/&lt;namespace&gt;/&lt;name&gt;</c> for a named queue (or the name as given when it
    /// starts with <c>queue/</c>), <c>queue/&lt;namespace&gt;/&lt;random id&gt;</c> for the exclusive queue.
    /// </summary>
    public string QueueName { get; }

    /// <summary>The namespace of the queue name: <see cref="ListenerOptions.Namespace"/>, or the connection's user name.</summary>
    public string Namespace { get; }

    /// <summary>The connection the listener's channel is on (its own when created from a connection string).</summary>
    public Connection Connection => _connection;

    /// <summary>
    /// Raised when a handler fails (including a payload a typed handler cannot deserialize), a message is not valid JSON, an acknowledgement cannot be sent, the connection is
    /// lost or cannot be recovered, or the broker closed the listener's channel or cancelled its consumer. Raised on
    /// library threads; keep subscribers quick and thread-safe.
    /// </summary>
    public event EventHandler<AmqpErrorEventArgs>? Error;

    /// <summary>
    /// Raised once per recovery of the connection, after the queue was re-declared, re-bound and (if resumed) consumed
    /// again.
    /// </summary>
    public event EventHandler? Reconnected;

    /// <summary>The bindings added so far (a binding the broker refused is not among them).</summary>
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
    /// <param name="cancellationToken">Cancels the bind, including waiting for a connection recovery.</param>
    /// <exception cref="ArgumentNullException"><paramref name="binding"/> is null.</exception>
    /// <exception cref="AmqpChannelException">
    /// The broker refused the binding (the exchange does not exist, or the user may not read it); the listener forgets
    /// the binding and goes on consuming with its other bindings.
    /// </exception>
    /// <exception cref="AmqpConnectionException">The connection was not back within <see cref="ConnectionOptions.RecoveryWaitTimeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public async Task BindAsync(Binding binding, CancellationToken cancellationToken = default)
    {
        if (binding is null) throw new ArgumentNullException(nameof(binding));
        await RunAsync("bind the queue", async token =>
        {
            if (_channel is null)
            {
                Remember(binding);
                return true;
            }
            var channel = await EnsureChannelAsync(token).ConfigureAwait(false);
            await BindOnAsync(channel, binding, token).ConfigureAwait(false);
            Remember(binding);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds an untyped message handler. Every untyped handler gets every message no typed handler
    /// (<see cref="OnMessage{TMessage}"/>) takes; the message is acked when all of them complete.
    /// The token passed to the handler is cancelled when the listener closes.
    /// </summary>
    /// <param name="handler">The handler; may be called concurrently (see the class remarks).</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The listener is read with <see cref="ReadAllAsync"/>.</exception>
    public void OnMessage(Func<Message, CancellationToken, Task> handler)
    {
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        lock (_dispatcher)
        {
            if (_stream is not null) throw new InvalidOperationException("This listener is read with ReadAllAsync; it takes no OnMessage handlers.");
            _dispatcher.AddHandler(handler);
        }
    }

    /// <summary>
    /// Adds a typed handler for <paramref name="binding"/>, for example
    /// <c>listener.OnMessage(queueEvents.TaskCompleted(taskId: id), async (message, ct) =&gt; ...)</c>: it gets the
    /// messages the binding matches, their payload deserialized with <see cref="Binding{TMessage}.MessageType"/>, and
    /// the queue is bound with the binding.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Which messages: those from the binding's exchange whose routing key, or one of whose CC'ed keys, matches its
    /// pattern as the broker matches it (<c>*</c> one word, <c>#</c> any number). Every typed handler whose binding
    /// matches gets the message, each with its own deserialized payload; untyped handlers and
    /// <see cref="ReadAllAsync"/> then do not get it, and keep getting everything no typed binding matches. Typed
    /// handlers can be used together with either.
    /// </para>
    /// <para>
    /// The binding is added as <see cref="BindAsync"/> adds it: before the listener connects it is remembered and made
    /// when the listener connects, so a refusal by the broker is thrown by <see cref="ConnectAsync"/> or
    /// <see cref="StartAsync"/>. Once connected it is made at once, in the background since this method does not wait,
    /// and a refusal (or the connection not coming back in time) is reported through <see cref="Error"/>, the binding
    /// then being dropped as <see cref="BindAsync"/> drops it. To wait until a binding added to a connected listener is
    /// in place, or to see its refusal as an exception, await <see cref="BindAsync"/> with the same binding after this
    /// call: binding twice is harmless. The handler is registered before the binding is made, so no message the
    /// binding brings can miss it.
    /// </para>
    /// <para>
    /// A payload that does not deserialize (not the message type's shape, a required property missing) fails the
    /// handler: the message is settled by <see cref="ListenerOptions.FailedMessagePolicy"/> and reported through
    /// <see cref="Error"/> as <see cref="AmqpErrorKind.HandlerFailed"/> with a <see cref="System.Text.Json.JsonException"/>,
    /// like a handler that threw. The token passed to the handler is cancelled when the listener closes.
    /// </para>
    /// </remarks>
    /// <typeparam name="TMessage">The binding's message type.</typeparam>
    /// <param name="binding">The exchange, pattern and message type, for example <c>queueEvents.TaskCompleted(...)</c>.</param>
    /// <param name="handler">The handler; may be called concurrently (see the class remarks).</param>
    /// <exception cref="ArgumentNullException"><paramref name="binding"/> or <paramref name="handler"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public void OnMessage<TMessage>(Binding<TMessage> binding, Func<Message<TMessage>, CancellationToken, Task> handler)
    {
        if (binding is null) throw new ArgumentNullException(nameof(binding));
        if (handler is null) throw new ArgumentNullException(nameof(handler));
        ThrowIfClosed();
        // The handler first: from the moment the binding exists, its messages must find their handler.
        _dispatcher.AddTypedHandler(binding, handler);
        // BindAsync's own rule, decided under the gate as BindAsync decides it, so a channel being opened right now
        // either sees the remembered binding or is there to be bound on. Without waiting: when the gate is busy, or
        // the listener has a channel, BindAsync itself does the work in the background.
        if (_gate.Wait(0))
        {
            try
            {
                if (_channel is null)
                {
                    Remember(binding);
                    return;
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        _ = BindInBackgroundAsync(binding);
    }

    private async Task BindInBackgroundAsync(Binding binding)
    {
        try
        {
            await BindAsync(binding, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception) when (_closed)
        {
            // Closed meanwhile: there is no queue to bind any more.
        }
        catch (Exception ex)
        {
            RaiseError(new AmqpErrorEventArgs(ex is AmqpChannelException ? AmqpErrorKind.Channel : AmqpErrorKind.Connection, ex));
        }
    }

    /// <summary>
    /// Reads the messages as an asynchronous stream instead of through untyped
    /// <see cref="OnMessage(Func{Message, CancellationToken, Task})"/> handlers: starts
    /// consuming, yields each message, and stops consuming when the loop ends.
    /// <code>
    /// await foreach (var message in listener.ReadAllAsync(cancellationToken))
    /// {
    ///     Console.WriteLine(message.Routing?["taskId"]);
    /// }
    /// </code>
    /// </summary>
    /// <remarks>
    /// A message is acknowledged when the loop asks for the next one. Leaving the loop (break, an exception, the token)
    /// while holding a message counts as not handling it: the <see cref="ListenerOptions.FailedMessagePolicy"/>
    /// decides, so by default it comes back once and a message that keeps ending the loop is dropped (or
    /// dead-lettered) rather than looping; nothing is reported through <see cref="Error"/> for it, since the exception,
    /// if any, is yours. Messages the loop never took go back to the queue. One loop at a time; a listener is read
    /// either this way or with untyped handlers, not both. Typed handlers (<see cref="OnMessage{TMessage}"/>) can be
    /// added too: they take the messages their bindings match, and the loop gets the rest; since the loop starts and
    /// stops consuming, they get messages only while it runs. The loop ends when the listener closes.
    /// </remarks>
    /// <param name="cancellationToken">Ends the loop (with <see cref="OperationCanceledException"/>).</param>
    /// <returns>The messages, one at a time.</returns>
    /// <exception cref="InvalidOperationException">
    /// The listener has untyped <see cref="OnMessage(Func{Message, CancellationToken, Task})"/> handlers, or another loop is reading it.
    /// </exception>
    /// <exception cref="AmqpConnectionException">The broker could not be reached, or a recovery did not finish in time.</exception>
    /// <exception cref="AmqpChannelException">The broker refused the queue, a binding or the consumer.</exception>
    public IAsyncEnumerable<Message> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        MessageStream stream;
        lock (_dispatcher)
        {
            if (_stream is null)
            {
                if (_dispatcher.HandlerCount > 0)
                    throw new InvalidOperationException("This listener has OnMessage handlers; read it with ReadAllAsync or with handlers, not both.");
                _stream = new MessageStream();
                if (_closed) _stream.Complete();
                _dispatcher.AddHandler(_stream.HandleAsync);
            }
            stream = _stream;
        }
        return stream.ReadAsync(ResumeAsync, StopReadingAsync, cancellationToken);
    }

    private async Task StopReadingAsync()
    {
        try
        {
            await PauseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmqpException or ObjectDisposedException)
        {
            // Closed or unreachable: nothing is consumed any more either way, and the loop is over.
        }
    }

    /// <summary>
    /// Connects if needed, opens the listener's channel, sets the prefetch, declares the queue and makes the bindings,
    /// without consuming. Safe to call repeatedly: later calls return the same channel unless the listener had to open
    /// a new one. A failed call can be retried.
    /// </summary>
    /// <param name="cancellationToken">Cancels connecting, including waiting for a connection recovery.</param>
    /// <returns>
    /// The channel, for advanced use (for example consuming it yourself); closing the listener closes it. The listener
    /// replaces it when the broker closes it, so do not keep it.
    /// </returns>
    /// <exception cref="AmqpConnectionException">The broker could not be reached, or a recovery did not finish in time.</exception>
    /// <exception cref="AmqpQueueMismatchException">The queue exists with other properties (for example as a classic queue).</exception>
    /// <exception cref="AmqpChannelException">The broker refused the queue (on Pulse: a name outside the user's namespace) or a remembered binding, which the listener then forgets.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public Task<IChannel> ConnectAsync(CancellationToken cancellationToken = default) =>
        RunAsync("open the listener's channel", EnsureChannelAsync, cancellationToken);

    /// <summary>
    /// Connects if needed and starts consuming: from now on handlers get messages. The name TaskCluster's
    /// specification uses; <see cref="StartAsync"/> does the same.
    /// </summary>
    /// <param name="cancellationToken">Cancels connecting, including waiting for a connection recovery.</param>
    /// <exception cref="AmqpConnectionException">The broker could not be reached, or a recovery did not finish in time.</exception>
    /// <exception cref="AmqpChannelException">The broker refused the queue, a binding or the consumer (see <see cref="ConnectAsync"/>).</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public Task ResumeAsync(CancellationToken cancellationToken = default) =>
        RunAsync("start consuming", async token =>
        {
            bool wasConsuming = _consuming;
            _consuming = true;
            try
            {
                var channel = await EnsureChannelAsync(token).ConfigureAwait(false);
                // A channel opened just now already consumes; one that was there before may not yet.
                if (_consumerTag is null) _consumerTag = await ConsumeAsync(channel, token).ConfigureAwait(false);
            }
            catch
            {
                _consuming = wasConsuming;
                throw;
            }
            return true;
        }, cancellationToken);

    /// <summary>Starts consuming, like <see cref="ResumeAsync"/>: the usual .NET name for it.</summary>
    /// <param name="cancellationToken">Cancels connecting, including waiting for a connection recovery.</param>
    /// <returns>A task that completes once the listener consumes.</returns>
    /// <exception cref="AmqpConnectionException">The broker could not be reached, or a recovery did not finish in time.</exception>
    /// <exception cref="AmqpChannelException">The broker refused the queue, a binding or the consumer.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => ResumeAsync(cancellationToken);

    /// <summary>
    /// Stops consuming; messages already being handled still complete and are acknowledged, but this method does not
    /// wait for them (<see cref="StopAsync"/> does). Does nothing when not consuming (including before connecting).
    /// The name TaskCluster's specification uses.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the broker, including waiting for a connection recovery.</param>
    /// <exception cref="AmqpConnectionException">A recovery did not finish in time.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public Task PauseAsync(CancellationToken cancellationToken = default) =>
        RunAsync("stop consuming", async token =>
        {
            _consuming = false;
            if (_channel is null || _consumerTag is null) return true;
            var channel = await EnsureChannelAsync(token).ConfigureAwait(false);
            if (_consumerTag is not { } tag) return true;
            await channel.BasicCancelAsync(tag, noWait: false, token).ConfigureAwait(false);
            _consumerTag = null;
            return true;
        }, cancellationToken);

    /// <summary>
    /// Stops consuming, like <see cref="PauseAsync"/>, and then waits until the handlers still running have finished
    /// and their messages are settled: the graceful stop a host expects. <see cref="StartAsync"/> starts again.
    /// Call it from outside the handlers (and outside a <see cref="ReadAllAsync"/> loop): from inside, it would wait
    /// for its own caller.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait; the handlers keep running.</param>
    /// <returns>A task that completes once no message is being handled.</returns>
    /// <exception cref="AmqpConnectionException">A recovery did not finish in time.</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await PauseAsync(cancellationToken).ConfigureAwait(false);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        // Published before reading the count, so the last handler either sees this signal or left the count at zero.
        if (Volatile.Read(ref _inFlight) == 0) drained.TrySetResult();
        await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the queue (with any messages in it), then closes the listener, which cannot consume any more. Works
    /// without declaring the queue, so it also removes a queue this listener could not declare (for example a classic
    /// queue of the same name, see <see cref="AmqpQueueMismatchException"/>) or one left by an earlier run.
    /// </summary>
    /// <param name="cancellationToken">Cancels the deletion, including waiting for a connection recovery.</param>
    /// <exception cref="AmqpConnectionException">The broker could not be reached, or a recovery did not finish in time.</exception>
    /// <exception cref="AmqpChannelException">The broker refused the deletion (for example the queue of another user).</exception>
    /// <exception cref="ObjectDisposedException">The listener was closed.</exception>
    public async Task DeleteQueueAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await DeleteQueueCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The queue is still there, and so is the listener.
            _deleting = false;
            throw;
        }
        await CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task DeleteQueueCoreAsync(CancellationToken cancellationToken) =>
        RunAsync("delete the queue", async token =>
        {
            var connection = await _connection.ConnectAsync(token).ConfigureAwait(false);
            // Deleting the queue cancels the listener's consumer; that must not make it declare the queue again.
            _deleting = true;
            // A channel of its own: the listener's channel would first declare the queue, which is what fails when
            // the queue exists with other properties.
            var channel = await connection.CreateChannelAsync(cancellationToken: token).ConfigureAwait(false);
            try
            {
                await channel.QueueDeleteAsync(QueueName, ifUnused: false, ifEmpty: false, cancellationToken: token).ConfigureAwait(false);
            }
            finally
            {
                await DiscardAsync(channel).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);

    /// <summary>
    /// Closes the listener: cancels the token given to running handlers, closes the channel (unacknowledged messages
    /// go back to the queue) and, when the listener opened its own connection, that connection. A shared
    /// <see cref="Connection"/> stays open. Never waits for a connection recovery, and operations still waiting for
    /// one end with <see cref="ObjectDisposedException"/>. Later calls do nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the broker to confirm.</param>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (!_closed)
        {
            _closed = true;
            // Wakes operations waiting for a recovery while holding the gate, so closing does not wait for them.
            try { _closing.Cancel(); }
            catch (AggregateException) { /* A handler's cancellation callback threw; the handlers are told either way. */ }
            lock (_dispatcher) _stream?.Complete();
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tornDown) return;
            _tornDown = true;
            Unsubscribe();
            var channel = _channel;
            _channel = null;
            _consumerTag = null;
            if (channel is not null)
            {
                if (_exclusive && !_ownsConnection)
                {
                    // On a shared connection the exclusive queue would otherwise live (and be recovered) until the
                    // connection closes; nobody else can use it.
                    _connection.ForgetQueue(QueueName);
                    if (channel.IsOpen && _connection.IsUsable)
                    {
                        try { await channel.QueueDeleteAsync(QueueName, cancellationToken: cancellationToken).ConfigureAwait(false); }
                        catch (Exception ex) when (ex is not OperationCanceledException) { /* Gone with the channel already. */ }
                    }
                }
                await DiscardAsync(channel).ConfigureAwait(false);
            }
            var abandoned = Interlocked.Exchange(ref _abandonedChannel, null);
            if (abandoned is not null) await DiscardAsync(abandoned).ConfigureAwait(false);
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

    /// <summary>Test seam: called after each acknowledgement was sent (or failed to send).</summary>
    internal Action<ulong, Acknowledgement>? SettledForTesting { get; set; }

    /// <summary>
    /// Runs one operation under the gate: waits for a connection recovery when the operation failed because the
    /// connection went away and tries again, turns a refusal by the broker into <see cref="AmqpChannelException"/>
    /// (after opening a new channel, so the listener carries on), and lets no RabbitMQ.Client exception out.
    /// </summary>
    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        var token = linked.Token;
        try
        {
            await _gate.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closed && !cancellationToken.IsCancellationRequested)
        {
            throw Closed();
        }
        try
        {
            long deadline = 0;
            while (true)
            {
                ThrowIfClosed();
                try
                {
                    return await attempt(token).ConfigureAwait(false);
                }
                catch (AmqpChannelException)
                {
                    // The broker closed the channel over this operation. Put the listener back in shape before
                    // reporting, so that it keeps consuming with whatever it had.
                    await RepairAfterRefusalAsync(token).ConfigureAwait(false);
                    throw;
                }
                catch (Exception ex) when (AmqpFailures.IsChannelRefusal(ex, out var reason))
                {
                    await RepairAfterRefusalAsync(token).ConfigureAwait(false);
                    throw AmqpFailures.Refused(operation, reason, _connection.Endpoint, ex);
                }
                catch (Exception ex) when (!_closed && AmqpFailures.IsTransient(ex, token))
                {
                    long now = Stopwatch.GetTimestamp();
                    if (deadline == 0)
                    {
                        deadline = _connection.RecoveryWaitTimeout == Timeout.InfiniteTimeSpan
                            ? long.MaxValue
                            : now + (long)(_connection.RecoveryWaitTimeout.TotalSeconds * Stopwatch.Frequency);
                    }
                    else if (now >= deadline)
                    {
                        throw new AmqpConnectionException(
                            $"Could not {operation} on the AMQP broker at {_connection.Endpoint} within " +
                            $"{_connection.RecoveryWaitTimeout.TotalSeconds:0.#} s (ConnectionOptions.RecoveryWaitTimeout): " +
                            Connection.Innermost(ex).Message, ex)
                        { Endpoint = _connection.Endpoint };
                    }
                    if (_connection.IsUsable) await Task.Delay(RetryPause, token).ConfigureAwait(false);
                    else await _connection.WaitForRecoveryAsync(token).ConfigureAwait(false);
                }
                catch (Exception ex) when (AmqpFailures.IsFromRabbitMq(ex))
                {
                    throw AmqpFailures.Unexpected(operation, _connection.Endpoint, ex);
                }
            }
        }
        catch (OperationCanceledException) when (_closed && !cancellationToken.IsCancellationRequested)
        {
            throw Closed();
        }
        catch (ObjectDisposedException ex) when (ex.ObjectName == nameof(Connection) && _closed)
        {
            // The listener's own connection was closed with it while this operation waited.
            throw Closed();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Returns the listener's open channel, first waiting for a connection recovery and opening (and setting up) a new
    /// channel when the broker closed the old one. Called with the gate held.
    /// </summary>
    private async Task<IChannel> EnsureChannelAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        var current = _channel;
        if (current is not null && current.IsOpen && current != _abandonedChannel && _connection.IsUsable) return current;
        var connection = await _connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        Subscribe();
        current = _channel;
        if (current is not null)
        {
            // The connection is usable, so a channel still closed now was closed by the broker for an error on it
            // (a recovered one would be open again), and a channel whose consumer the broker cancelled cannot get
            // it back. Either way it is replaced.
            if (current.IsOpen && current != _abandonedChannel) return current;
            _channel = null;
            _consumerTag = null;
            Interlocked.CompareExchange(ref _abandonedChannel, null, current);
            await DiscardAsync(current).ConfigureAwait(false);
        }

        IChannel? channel = null;
        try
        {
            channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            channel.ChannelShutdownAsync += OnChannelShutdownAsync;
            await channel.BasicQosAsync(0, _prefetch, global: false, cancellationToken).ConfigureAwait(false);
            await DeclareQueueAsync(channel, cancellationToken).ConfigureAwait(false);
            foreach (var binding in Bindings) await BindOnAsync(channel, binding, cancellationToken).ConfigureAwait(false);
            string? consumerTag = _consuming ? await ConsumeAsync(channel, cancellationToken).ConfigureAwait(false) : null;
            _channel = channel;
            _consumerTag = consumerTag;
            return channel;
        }
        catch
        {
            // Leave nothing half set up so the next call starts over.
            if (channel is not null) await DiscardAsync(channel).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DeclareQueueAsync(IChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            // Exclusive queues are not auto-delete: pausing cancels the consumer, and an auto-delete queue would
            // vanish with its last consumer, taking the bindings and waiting messages with it.
            await channel.QueueDeclareAsync(QueueName, durable: !_exclusive, exclusive: _exclusive, autoDelete: false, _queueArguments,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AmqpFailures.IsChannelRefusal(ex, out var reason))
        {
            throw AmqpFailures.QueueDeclareRefused(reason, QueueName, _quorum, _connection.UserName, _connection.Endpoint, ex);
        }
    }

    private async Task BindOnAsync(IChannel channel, Binding binding, CancellationToken cancellationToken)
    {
        try
        {
            await channel.QueueBindAsync(QueueName, binding.Exchange, binding.RoutingKeyPattern, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (AmqpFailures.IsChannelRefusal(ex, out var reason))
        {
            // The same binding would be refused on every new channel; keeping it would stop the listener for good.
            lock (_bindings) _bindings.Remove(binding);
            throw AmqpFailures.BindRefused(reason, binding, QueueName, _connection.Endpoint, ex);
        }
    }

    private Task<string> ConsumeAsync(IChannel channel, CancellationToken cancellationToken) =>
        channel.BasicConsumeAsync(QueueName, autoAck: false, new ListenerConsumer(this, channel), cancellationToken);

    private void Remember(Binding binding)
    {
        // The same binding twice (OnMessage, then BindAsync to wait for it) is one binding on the broker.
        lock (_bindings)
        {
            if (!_bindings.Contains(binding)) _bindings.Add(binding);
        }
        _dispatcher.AddBinding(binding);
    }

    /// <summary>Opens a new channel after the broker refused an operation, unless the connection is gone too.</summary>
    private async Task RepairAfterRefusalAsync(CancellationToken cancellationToken)
    {
        // A listener that never had a channel, or stopped consuming, gets one with its next operation.
        if (_closed || _deleting || (_channel is null && !_consuming)) return;
        try
        {
            var channel = await EnsureChannelAsync(cancellationToken).ConfigureAwait(false);
            if (_consuming && _consumerTag is null) _consumerTag = await ConsumeAsync(channel, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The refusal is what the caller gets; why the listener could not carry on goes to Error, and the
            // channel is opened again in the background (or by the next operation).
            RaiseError(new AmqpErrorEventArgs(AmqpErrorKind.Channel, Wrap("open a new channel", ex)));
            ScheduleRepair();
        }
    }

    private static async Task DiscardAsync(IChannel channel)
    {
        try
        {
            // Closing (even a channel the broker closed already) also makes RabbitMQ.Client forget the channel and its
            // consumer, so a later connection recovery does not bring them back next to the new ones.
            await channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already closed by the broker, or the connection is gone: closed either way.
        }
        try
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nothing left to release.
        }
    }

    /// <summary>Called by <see cref="ListenerConsumer"/> for every delivery.</summary>
    internal Task OnDeliveryAsync(
        IChannel channel, ulong deliveryTag, bool redelivered, string exchange, string routingKey,
        IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> deliveredBody)
    {
        // The body buffer belongs to the client library and is reused once this callback yields, so copy it first.
        byte[] body = deliveredBody.ToArray();
        Interlocked.Increment(ref _inFlight);
        Task<Acknowledgement> handled;
        try
        {
            handled = _dispatcher.HandleAsync(body, exchange, routingKey, redelivered, deliveryTag, properties, _closing.Token);
        }
        catch (Exception ex)
        {
            // The dispatcher catches handler failures itself; this is a bug of ours, and the message must not stick.
            RaiseError(new AmqpErrorEventArgs(AmqpErrorKind.HandlerFailed, ex, exchange: exchange, routingKey: routingKey));
            handled = Task.FromResult(Acknowledgement.NackRequeue);
        }
        // Synchronous handlers are the common case: settle at once, like a hand-written consumer would.
        if (handled.IsCompletedSuccessfully) return SettleAsync(channel, deliveryTag, handled.Result);
        // A handler still running must not hold up the next delivery: let it settle when it finishes. The broker
        // sends at most prefetch unacknowledged messages, which bounds how many run at once. Nothing escapes
        // HandleThenSettleAsync (handler and ack failures become Error events), so it is safe to let it run alone.
        _ = HandleThenSettleAsync(channel, deliveryTag, handled);
        return Task.CompletedTask;
    }

    /// <summary>Called by <see cref="ListenerConsumer"/> when the broker cancels the consumer (the queue was deleted).</summary>
    internal Task OnConsumerCancelledAsync(IChannel channel, string consumerTag)
    {
        if (_closed || _deleting) return Task.CompletedTask;
        RaiseError(new AmqpErrorEventArgs(AmqpErrorKind.ConsumerCancelled, new AmqpChannelException(
            $"The broker cancelled the consumer of the queue '{QueueName}' (was the queue deleted?); declaring it again and consuming on a new channel.",
            0, string.Empty, null) { Endpoint = _connection.Endpoint }));
        Interlocked.Exchange(ref _abandonedChannel, channel);
        ScheduleRepair();
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
            Settled(deliveryTag, acknowledgement);
            return Task.CompletedTask;
        }
        if (sent.IsCompletedSuccessfully)
        {
            Settled(deliveryTag, acknowledgement);
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
        Settled(deliveryTag, acknowledgement);
    }

    private void Settled(ulong deliveryTag, Acknowledgement acknowledgement)
    {
        SettledForTesting?.Invoke(deliveryTag, acknowledgement);
        if (Interlocked.Decrement(ref _inFlight) == 0) Volatile.Read(ref _drained)?.TrySetResult();
    }

    private void ReportSettleFailure(Exception ex)
    {
        // After close the channel is gone on purpose; the broker requeues what was not acknowledged.
        if (_closed) return;
        RaiseError(new AmqpErrorEventArgs(AmqpErrorKind.Acknowledgement, Wrap("acknowledge a message", ex)));
    }

    private Task OnChannelShutdownAsync(object sender, ShutdownEventArgs e)
    {
        // A channel closed with its connection comes back with the connection's recovery; only an error on the
        // channel itself leaves it closed on a working connection.
        if (_closed || e.Initiator == ShutdownInitiator.Application || !AmqpFailures.IsChannelLevel(e)) return Task.CompletedTask;
        RaiseError(new AmqpErrorEventArgs(AmqpErrorKind.Channel, new AmqpChannelException(
            $"The broker closed the listener's channel: {e.ReplyCode} {e.ReplyText}; opening a new one.", e.ReplyCode, e.ReplyText, e.Exception)
            { Endpoint = _connection.Endpoint }));
        // An operation that caused the error repairs the channel itself; without one, a consuming listener must not
        // stay silent.
        if (_consuming) ScheduleRepair();
        return Task.CompletedTask;
    }

    /// <summary>Opens a new channel in the background, trying again every recovery interval until it works or the listener closes.</summary>
    private void ScheduleRepair()
    {
        if (_closed || Interlocked.Exchange(ref _repairScheduled, 1) == 1) return;
        _ = Task.Run(RepairAsync);
    }

    private async Task RepairAsync()
    {
        try
        {
            while (!_closed)
            {
                try
                {
                    await RunAsync("open a new channel", async token =>
                    {
                        if (_channel is null || !_consuming || _deleting) return true;
                        var channel = await EnsureChannelAsync(token).ConfigureAwait(false);
                        if (_consumerTag is null) _consumerTag = await ConsumeAsync(channel, token).ConfigureAwait(false);
                        return true;
                    }, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                catch (Exception) when (_closed)
                {
                    return;
                }
                catch (Exception ex)
                {
                    RaiseError(new AmqpErrorEventArgs(AmqpErrorKind.Channel, ex));
                    try { await Task.Delay(_connection.RecoveryInterval, _closing.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { return; }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _repairScheduled, 0);
        }
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
        if (!_closed) EventRaiser.Raise(Reconnected, this, EventArgs.Empty);
    }

    private void OnConnectionError(object? sender, AmqpErrorEventArgs e)
    {
        if (!_closed) RaiseError(e);
    }

    private void RaiseError(AmqpErrorEventArgs args) => EventRaiser.Raise(Error, this, args);

    private Exception Wrap(string operation, Exception ex) =>
        AmqpFailures.IsFromRabbitMq(ex) ? AmqpFailures.Unexpected(operation, _connection.Endpoint, ex) : ex;

    private void ThrowIfClosed()
    {
        if (_closed) throw Closed();
    }

    private static ObjectDisposedException Closed() => new(nameof(Listener), "The listener was closed.");

    /// <summary>The Pulse name of a queue: <c>queue/&lt;namespace&gt;/&lt;name&gt;</c>, or the name itself when it is one already.</summary>
    internal static string FullQueueName(string @namespace, string name) =>
        name.StartsWith(PulseQueuePrefix, StringComparison.Ordinal) ? name : $"{PulseQueuePrefix}{@namespace}/{name}";

    private static Dictionary<string, object?>? QueueArguments(bool quorum, int maxLength, string? deadLetterExchange)
    {
        var arguments = new Dictionary<string, object?>();
        if (quorum) arguments["x-queue-type"] = "quorum";
        if (maxLength > 0) arguments["x-max-length"] = maxLength;
        if (!string.IsNullOrEmpty(deadLetterExchange)) arguments["x-dead-letter-exchange"] = deadLetterExchange;
        return arguments.Count == 0 ? null : arguments;
    }

    private static string NewQueueId()
    {
        // A v4 UUID as 22 characters of URL-safe base64, the shape TaskCluster uses for ids (slugid).
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
