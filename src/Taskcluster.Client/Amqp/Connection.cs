using System;
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
/// <para>An initial connect is not covered by recovery: a failed <see cref="ConnectAsync"/> throws and can be retried.</para>
/// <para>All members are safe to call from several threads.</para>
/// </remarks>
public sealed class Connection : IAsyncDisposable
{
    internal const string DefaultClientName = "taskcluster-client";

    private readonly ConnectionFactory _factory;
    private readonly string _endpoint;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private volatile bool _closed;

    /// <summary>Creates a connection; nothing is opened until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The broker to connect to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The connection string is missing or is not an <c>amqp://</c>/<c>amqps://</c> URI.</exception>
    public Connection(ConnectionOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.RecoveryInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.RecoveryInterval, "ConnectionOptions.RecoveryInterval must be positive.");
        _factory = CreateFactory(options.ConnectionString, nameof(options));
        _factory.ClientProvidedName = string.IsNullOrEmpty(options.ClientProvidedName) ? DefaultClientName : options.ClientProvidedName;
        _factory.NetworkRecoveryInterval = options.RecoveryInterval;
        string vhost = _factory.VirtualHost == "/" ? string.Empty : Uri.EscapeDataString(_factory.VirtualHost);
        _endpoint = $"{(_factory.Ssl.Enabled ? "amqps" : "amqp")}://{_factory.HostName}:{_factory.Port}/{vhost}";
        ClientProvidedName = _factory.ClientProvidedName;
    }

    /// <summary>The name the broker shows for this connection.</summary>
    public string ClientProvidedName { get; }

    /// <summary>Whether the connection is currently open (false before connecting, while recovering and after closing).</summary>
    public bool IsOpen => Volatile.Read(ref _connection)?.IsOpen ?? false;

    /// <summary>
    /// Raised after the connection was re-established and its channels, queues, bindings and consumers were recovered.
    /// Raised on a library thread; exceptions thrown by subscribers are ignored.
    /// </summary>
    public event EventHandler? Reconnected;

    /// <summary>
    /// Raised when the broker or the network drops the connection and when a recovery attempt fails
    /// (<see cref="AmqpErrorKind.Connection"/>). Exceptions thrown by subscribers are ignored.
    /// </summary>
    public event EventHandler<AmqpErrorEventArgs>? Error;

    /// <summary>Opens the connection unless it is open already; safe to call repeatedly and concurrently.</summary>
    /// <param name="cancellationToken">Cancels waiting for the connection.</param>
    /// <returns>The underlying RabbitMQ.Client connection, for advanced use; do not close it yourself.</returns>
    /// <exception cref="AmqpConnectionException">The broker could not be reached or refused the connection; call again to retry.</exception>
    /// <exception cref="ObjectDisposedException">The connection was closed.</exception>
    public async Task<IConnection> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var existing = Volatile.Read(ref _connection);
        if (existing is not null && !_closed) return existing;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed) throw new ObjectDisposedException(nameof(Connection), "The connection was closed.");
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
                    $"Could not connect to the AMQP broker at {_endpoint}: {Innermost(ex).Message}", ex) { Endpoint = _endpoint };
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

    /// <summary>Closes the connection and every channel on it; later calls do nothing.</summary>
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
            // Closing a connection the broker already dropped is not an error for the caller.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection, like <see cref="CloseAsync"/>.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

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
        return new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
        };
    }

    private Task OnRecoverySucceededAsync(object sender, AsyncEventArgs e)
    {
        Raise(Reconnected, EventArgs.Empty);
        return Task.CompletedTask;
    }

    private Task OnRecoveryErrorAsync(object sender, ConnectionRecoveryErrorEventArgs e)
    {
        Raise(Error, new AmqpErrorEventArgs(AmqpErrorKind.Connection,
            new AmqpConnectionException($"Reconnecting to the AMQP broker at {_endpoint} failed; retrying: {Innermost(e.Exception).Message}", e.Exception)
            { Endpoint = _endpoint }));
        return Task.CompletedTask;
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs e)
    {
        if (e.Initiator != ShutdownInitiator.Application && !_closed)
        {
            Raise(Error, new AmqpErrorEventArgs(AmqpErrorKind.Connection,
                new AmqpConnectionException($"The AMQP connection to {_endpoint} was lost ({e.ReplyCode} {e.ReplyText}); reconnecting.", e.Exception)
                { Endpoint = _endpoint }));
        }
        return Task.CompletedTask;
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        if (handler is null) return;
        try { handler(this, args); }
        catch (Exception) { /* A subscriber's bug must not stop recovery. */ }
    }

    private void Raise(EventHandler? handler, EventArgs args)
    {
        if (handler is null) return;
        try { handler(this, args); }
        catch (Exception) { /* A subscriber's bug must not stop recovery. */ }
    }

    internal static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
