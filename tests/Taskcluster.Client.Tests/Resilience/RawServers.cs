using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.Client.Tests.Resilience;

/// <summary>
/// Loopback TCP servers that misbehave below HTTP: one accepts connections and never answers, one resets every
/// connection as soon as it is accepted. Both count the connections they saw.
/// </summary>
internal sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    private RawServer(bool reset)
    {
        _listener.Start();
        _loop = Task.Run(() => AcceptAsync(reset));
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Accepts and then says nothing, like a hung backend.</summary>
    public static RawServer Silent() => new(reset: false);

    /// <summary>Accepts and resets at once (RST), like a crashing proxy.</summary>
    public static RawServer Resetting() => new(reset: true);

    private async Task AcceptAsync(bool reset)
    {
        var held = new System.Collections.Generic.List<Socket>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                if (reset)
                {
                    socket.LingerState = new LingerOption(true, 0); // close with RST instead of FIN
                    socket.Close();
                }
                else
                {
                    held.Add(socket);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var socket in held) socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
        _stop.Dispose();
    }
}
