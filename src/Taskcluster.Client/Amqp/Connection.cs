using System;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Taskcluster;

/// <summary>
/// One AMQP connection that many <see cref="Listener"/>s share, each on its own channel: the recommended way to
/// listen to several things at once. Listeners never close a connection they were given; close it yourself.
/// </summary>
/// <remarks>
/// The connection recovers by itself when the broker restarts or drops it: RabbitMQ.Client's automatic and topology
/// recovery re-opens channels and re-declares queues, bindings and consumers, which is exactly the state a listener
/// needs back. We rely on it rather than a hand-made reconnect loop because it also keeps delivery tags consistent
/// across the gap (acks of deliveries from before the gap are ignored instead of closing the new channel).
/// </remarks>
public sealed class Connection : IAsyncDisposable
{
    private readonly ConnectionFactory _factory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private bool _closed;

    /// <summary>Creates a connection; nothing is opened until the first <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">Where the broker is.</param>
    /// <exception cref="ArgumentException">The connection string is missing or not an AMQP URI.</exception>
    public Connection(ConnectionOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrEmpty(options.ConnectionString))
            throw new ArgumentException("A connection string must be given.", nameof(options));
        if (!Uri.TryCreate(options.ConnectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            throw new ArgumentException("The connection string must be an amqp:// or amqps:// URI.", nameof(options));
        _factory = new ConnectionFactory
        {
            Uri = uri,
            ClientProvidedName = options.ClientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = options.ReconnectInterval,
        };
    }

    /// <summary>Raised after the connection came back by itself (its listeners are consuming again).</summary>
    public event EventHandler? Reconnected;

    /// <summary>Raised when the connection was lost or closed by the broker; recovery follows unless it was closed here.</summary>
    public event EventHandler<Exception>? Disconnected;

    /// <summary>Opens the connection if it is not open yet. Safe to call again after a failure.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The RabbitMQ.Client connection, for advanced use.</returns>
    /// <exception cref="ObjectDisposedException">The connection was closed.</exception>
    /// <exception cref="RabbitMQ.Client.Exceptions.BrokerUnreachableException">The broker could not be reached.</exception>
    public async Task<IConnection> ConnectAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed) throw new ObjectDisposedException(nameof(Connection));
            if (_connection is not null) return _connection;
            // A failure leaves _connection null, so a later call simply tries again.
            var connection = await _factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            connection.RecoverySucceededAsync += OnRecoveredAsync;
            connection.ConnectionShutdownAsync += OnShutdownAsync;
            _connection = connection;
            return connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection and every channel on it. Calling it again does nothing.</summary>
    /// <param name="cancellationToken">Cancels waiting for the broker to confirm the close.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed) return;
            _closed = true;
            if (_connection is { } connection)
            {
                _connection = null;
                connection.RecoverySucceededAsync -= OnRecoveredAsync;
                connection.ConnectionShutdownAsync -= OnShutdownAsync;
                try
                {
                    await connection.CloseAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is RabbitMQ.Client.Exceptions.AlreadyClosedException)
                {
                    // Already gone: closing is about releasing our side.
                }
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private Task OnRecoveredAsync(object sender, AsyncEventArgs args)
    {
        Reconnected?.Invoke(this, EventArgs.Empty);
        return Task.CompletedTask;
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        if (args.Initiator != ShutdownInitiator.Application)
            Disconnected?.Invoke(this, args.Exception ?? new InvalidOperationException($"The broker closed the connection: {args.ReplyText}"));
        return Task.CompletedTask;
    }
}
