using System;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Taskcluster;

/// <summary>
/// One AMQP connection that several <see cref="Listener"/>s share, each on its own channel. Listeners never close a
/// connection they were given: close it yourself once they are done.
/// </summary>
/// <remarks>
/// <para>
/// Recovery: the connection uses RabbitMQ.Client's automatic recovery with topology recovery. When the broker closes
/// the connection or restarts, the client reconnects every <see cref="ConnectionOptions.RecoveryInterval"/> and
/// then, on the same <see cref="IChannel"/> objects, re-applies prefetch, re-declares the queues, re-binds them and
/// re-registers the consumers it saw being created, before raising <see cref="Reconnected"/>. We chose this over a
/// reconnect loop of our own because the library already replays exactly the topology our listeners declared, keeps
/// the channel objects stable (so handlers still running ack on the right channel) and drops acks for delivery tags of
/// the lost channel instead of letting them close the new one. Listeners name even their exclusive queues themselves,
/// so a recovered queue keeps its name.
/// </para>
/// <para>
/// While a recovery is under way, operations of this connection and of its listeners wait for it to finish, for at
/// most <see cref="ConnectionOptions.RecoveryWaitTimeout"/> (or until the caller's token is cancelled), and then throw
/// <see cref="AmqpConnectionException"/>; no RabbitMQ.Client exception reaches the caller.
/// </para>
/// <para>An initial connect is not covered by recovery: a failed <see cref="ConnectAsync"/> throws and can be retried.</para>
/// <para>All members are safe to call from several threads.</para>
/// </remarks>
public sealed class Connection : IAsyncDisposable
{
    internal const string DefaultClientName = "taskcluster-client";

    /// <summary>
    /// How often a wait for recovery looks at the connection again. The shutdown event can arrive a moment after an
    /// operation already failed on the dropped connection, so the wait does not rely on the events alone.
    /// </summary>
    private static readonly TimeSpan RecoveryPollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConnectionFactory _factory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _stateSync = new();
    private IConnection? _connection;
    private volatile bool _closed;
    // Completed while the connection is usable; replaced by an uncompleted one when the connection is lost.
    private TaskCompletionSource _recovered = NewCompletedSignal();
    private volatile bool _recovering;
    // Why the connection was lost for good (the broker refused it in a way the client does not recover from).
    private volatile Exception? _lostForGood;
    private Exception? _lastLoss;
    private readonly ConcurrentDictionary<string, bool> _forgottenQueues = new(StringComparer.Ordinal);

    /// <summary>Creates a connection; nothing is opened until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The broker to connect to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The connection string is missing or is not an <c>amqp://</c>/<c>amqps://</c> URI.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time span of the options is out of range.</exception>
    /// <exception cref="PlatformNotSupportedException">Running in a browser, where AMQP cannot connect.</exception>
    public Connection(ConnectionOptions options)
    {
        // First, before anything of RabbitMQ.Client is used: its types are only loaded by code below this line.
        BrowserPlatform.ThrowIfBrowser(nameof(Connection));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.RecoveryInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.RecoveryInterval, "ConnectionOptions.RecoveryInterval must be positive.");
        if (options.RecoveryWaitTimeout <= TimeSpan.Zero && options.RecoveryWaitTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(options), options.RecoveryWaitTimeout, "ConnectionOptions.RecoveryWaitTimeout must be positive (or Timeout.InfiniteTimeSpan).");
        if (options.Heartbeat < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.Heartbeat, "ConnectionOptions.Heartbeat must not be negative (zero turns heartbeats off).");
        if (options.ConnectTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.ConnectTimeout, "ConnectionOptions.ConnectTimeout must be positive.");
        _factory = CreateFactory(options.ConnectionString, nameof(options));
        _factory.ClientProvidedName = string.IsNullOrEmpty(options.ClientProvidedName) ? DefaultClientName : options.ClientProvidedName;
        _factory.NetworkRecoveryInterval = options.RecoveryInterval;
        _factory.RequestedHeartbeat = options.Heartbeat;
        _factory.RequestedConnectionTimeout = options.ConnectTimeout;
        if (_factory.Ssl.Enabled)
        {
            // For amqps URIs RabbitMQ.Client accepts a certificate issued for another host name; HTTPS would not,
            // and a Pulse user expects the same checks as for the TaskCluster API.
            _factory.Ssl.AcceptablePolicyErrors = SslPolicyErrors.None;
            _factory.Ssl.CertificateValidationCallback = options.ServerCertificateValidation;
        }
        // Queues of closed listeners stay recorded in RabbitMQ.Client; this keeps a recovery from declaring them again.
        _factory.TopologyRecoveryFilter = new TopologyRecoveryFilter
        {
            QueueFilter = queue => !_forgottenQueues.ContainsKey(queue.Name),
            BindingFilter = binding => !_forgottenQueues.ContainsKey(binding.Destination),
            ConsumerFilter = consumer => !_forgottenQueues.ContainsKey(consumer.Queue),
        };
        RecoveryInterval = options.RecoveryInterval;
        RecoveryWaitTimeout = options.RecoveryWaitTimeout;
        string vhost = _factory.VirtualHost == "/" ? string.Empty : Uri.EscapeDataString(_factory.VirtualHost);
        Endpoint = $"{(_factory.Ssl.Enabled ? "amqps" : "amqp")}://{_factory.HostName}:{_factory.Port}/{vhost}";
        ClientProvidedName = _factory.ClientProvidedName;
        UserName = _factory.UserName;
        VirtualHost = _factory.VirtualHost;
    }

    /// <summary>The name the broker shows for this connection.</summary>
    public string ClientProvidedName { get; }

    /// <summary>
    /// The user name the connection logs in with, decoded from the connection string (<c>guest</c> when it has none).
    /// On Pulse it is also the namespace of the user's queues, and listeners use it as their default namespace.
    /// </summary>
    public string UserName { get; }

    /// <summary>The virtual host, decoded from the connection string (<c>/</c> when it names none).</summary>
    public string VirtualHost { get; }

    /// <summary>The broker's address without credentials, for example <c>amqps://pulse.mozilla.org:5671/</c>.</summary>
    public string Endpoint { get; }

    /// <summary>How long operations wait for a recovery under way (<see cref="ConnectionOptions.RecoveryWaitTimeout"/>).</summary>
    public TimeSpan RecoveryWaitTimeout { get; }

    /// <summary>Whether the connection is open and usable (false before connecting, while recovering and after closing).</summary>
    public bool IsOpen => !_recovering && !_closed && (Volatile.Read(ref _connection)?.IsOpen ?? false);

    /// <summary>
    /// Raised once for each recovery, after the connection was re-established and its channels, queues, bindings and
    /// consumers were recovered. Raised on a library thread; exceptions thrown by subscribers are ignored.
    /// </summary>
    public event EventHandler? Reconnected;

    /// <summary>
    /// Raised when the broker or the network drops the connection and when a recovery attempt fails
    /// (<see cref="AmqpErrorKind.Connection"/>). Exceptions thrown by subscribers are ignored.
    /// </summary>
    public event EventHandler<AmqpErrorEventArgs>? Error;

    /// <summary>
    /// Opens the connection unless it is open already; safe to call repeatedly and concurrently. While the connection
    /// is being recovered, waits for the recovery.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the connection.</param>
    /// <returns>The underlying RabbitMQ.Client connection, for advanced use; do not close it yourself.</returns>
    /// <exception cref="AmqpConnectionException">
    /// The broker could not be reached or refused the connection (call again to retry), or a recovery did not finish
    /// within <see cref="ConnectionOptions.RecoveryWaitTimeout"/>.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The connection was closed.</exception>
    public async Task<IConnection> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var existing = Volatile.Read(ref _connection);
        if (existing is null || _closed)
        {
            existing = await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        await WaitForRecoveryAsync(cancellationToken).ConfigureAwait(false);
        return existing;
    }

    private async Task<IConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (_connection is not null) return _connection;
            IConnection connection;
            try
            {
                connection = await _factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // Nothing is cached on failure, so the next call tries again from scratch.
                throw new AmqpConnectionException(
                    $"Could not connect to the AMQP broker at {Endpoint}: {Innermost(ex).Message}", ex) { Endpoint = Endpoint };
            }
            connection.RecoverySucceededAsync += OnRecoverySucceededAsync;
            connection.ConnectionRecoveryErrorAsync += OnRecoveryErrorAsync;
            connection.ConnectionShutdownAsync += OnShutdownAsync;
            Volatile.Write(ref _connection, connection);
            return connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection and every channel on it; later calls do nothing. Never waits for a recovery.</summary>
    /// <param name="cancellationToken">Cancels waiting for the broker to confirm the close.</param>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        IConnection? connection;
        try
        {
            if (_closed) return;
            _closed = true;
            connection = _connection;
        }
        finally
        {
            _gate.Release();
        }
        // Wake whatever waits for a recovery: it sees the connection closed and gives up at once.
        lock (_stateSync) _recovered.TrySetResult();
        if (connection is null) return;
        connection.RecoverySucceededAsync -= OnRecoverySucceededAsync;
        connection.ConnectionRecoveryErrorAsync -= OnRecoveryErrorAsync;
        connection.ConnectionShutdownAsync -= OnShutdownAsync;
        try
        {
            await connection.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Closing a connection the broker already dropped (or that is still recovering) is not an error for the caller.
        }
        finally
        {
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Disposing stops a recovery loop that may itself be failing; the connection is gone either way.
            }
        }
    }

    /// <summary>Closes the connection, like <see cref="CloseAsync"/>.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    /// <summary>Test seam: the RabbitMQ.Client settings the options turned into.</summary>
    internal ConnectionFactory FactoryForTesting => _factory;

    /// <summary>How long the connection waits between recovery attempts.</summary>
    internal TimeSpan RecoveryInterval { get; }

    /// <summary>
    /// Keeps later recoveries from declaring the queue again (with its bindings and consumers): for the exclusive queue
    /// of a listener closed while the connection stays open.
    /// </summary>
    internal void ForgetQueue(string queueName) => _forgottenQueues[queueName] = true;

    /// <summary>Whether an operation can be expected to work now: connected, not recovering, not closed.</summary>
    internal bool IsUsable => IsOpen;

    /// <summary>
    /// Returns once the connection is usable; while it is being recovered, waits for the recovery for at most
    /// <see cref="RecoveryWaitTimeout"/>.
    /// </summary>
    /// <exception cref="AmqpConnectionException">The recovery did not finish in time, or the connection was lost for good.</exception>
    /// <exception cref="ObjectDisposedException">The connection was closed.</exception>
    internal ValueTask WaitForRecoveryAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (IsUsable) return default;
        return new ValueTask(WaitForRecoverySlowAsync(cancellationToken));
    }

    private async Task WaitForRecoverySlowAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connection) is null)
            throw new InvalidOperationException("The connection was never opened; call ConnectAsync first.");
        using var timeout = new CancellationTokenSource(RecoveryWaitTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (true)
            {
                ThrowIfClosed();
                if (_lostForGood is { } reason)
                {
                    throw new AmqpConnectionException(
                        $"The AMQP connection to {Endpoint} was closed by the broker and is not recovered: {Innermost(reason).Message}", reason)
                    { Endpoint = Endpoint };
                }
                if (IsUsable) return;
                Task signal;
                lock (_stateSync) signal = _recovered.Task;
                await Task.WhenAny(signal, Task.Delay(RecoveryPollInterval, linked.Token)).ConfigureAwait(false);
                linked.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var loss = Volatile.Read(ref _lastLoss);
            throw new AmqpConnectionException(
                $"The AMQP connection to {Endpoint} is being recovered and was not back within {RecoveryWaitTimeout.TotalSeconds:0.#} s " +
                $"(ConnectionOptions.RecoveryWaitTimeout); it keeps trying in the background, so the operation can be retried" +
                (loss is null ? "." : $". Last error: {Innermost(loss).Message}"), loss)
            { Endpoint = Endpoint };
        }
    }

    internal static ConnectionFactory CreateFactory(string? connectionString, string paramName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("An AMQP connection string (amqp://user:password@host:port/vhost) is required.", paramName);
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) ||
            (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            // The string may hold a password, so it is not repeated in the message.
            throw new ArgumentException("The AMQP connection string is not an amqp:// or amqps:// URI.", paramName);
        }
        if (uri.Segments.Length > 2)
        {
            throw new ArgumentException(
                "The AMQP connection string's path must be one virtual host; write a '/' inside it as %2F.", paramName);
        }
        return new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
        };
    }

    private Task OnRecoverySucceededAsync(object sender, AsyncEventArgs e)
    {
        lock (_stateSync)
        {
            _recovering = false;
            _recovered.TrySetResult();
        }
        EventRaiser.Raise(Reconnected, this, EventArgs.Empty);
        return Task.CompletedTask;
    }

    private Task OnRecoveryErrorAsync(object sender, ConnectionRecoveryErrorEventArgs e)
    {
        Volatile.Write(ref _lastLoss, e.Exception);
        EventRaiser.Raise(Error, this, new AmqpErrorEventArgs(AmqpErrorKind.Connection,
            new AmqpConnectionException($"Reconnecting to the AMQP broker at {Endpoint} failed; retrying: {Innermost(e.Exception).Message}", e.Exception)
            { Endpoint = Endpoint }));
        return Task.CompletedTask;
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs e)
    {
        if (e.Initiator == ShutdownInitiator.Application || _closed) return Task.CompletedTask;
        var loss = new AmqpConnectionException($"The AMQP connection to {Endpoint} was lost ({e.ReplyCode} {e.ReplyText}); reconnecting.", e.Exception)
        {
            Endpoint = Endpoint,
        };
        Volatile.Write(ref _lastLoss, loss);
        lock (_stateSync)
        {
            // RabbitMQ.Client does not recover a connection the broker closed with access-refused (for example a
            // user whose permissions were revoked), so nobody should wait for that one.
            if (e.Initiator == ShutdownInitiator.Peer && e.ReplyCode == Constants.AccessRefused)
            {
                _lostForGood = loss;
                _recovered.TrySetResult();
            }
            else if (!_recovering)
            {
                _recovering = true;
                if (_recovered.Task.IsCompleted) _recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        EventRaiser.Raise(Error, this, new AmqpErrorEventArgs(AmqpErrorKind.Connection, loss));
        return Task.CompletedTask;
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new ObjectDisposedException(nameof(Connection), "The connection was closed.");
    }

    private static TaskCompletionSource NewCompletedSignal()
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
        return signal;
    }

    internal static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
