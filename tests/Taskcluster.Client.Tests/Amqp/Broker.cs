using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>The local RabbitMQ broker, seen from the side of the services that publish to TaskCluster's exchanges.</summary>
internal static class Broker
{
    public const string ConnectionString = "amqp://guest:guest@127.0.0.1:5672/";
    public const string UserName = "guest";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Opens a publisher-side connection, separate from the listener's.</summary>
    public static async Task<IConnection> ConnectAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), ClientProvidedName = "taskcluster-tests publisher" };
        return await factory.CreateConnectionAsync().WithTimeout(Timeout);
    }

    /// <summary>A channel with publisher confirms, so a publish returns once the broker routed the message.</summary>
    public static Task<IChannel> ConfirmChannelAsync(IConnection connection) =>
        connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

    public static async Task PublishAsync(
        IChannel channel, string exchange, string routingKey, string body, IEnumerable<string>? cc = null, bool persistent = false)
    {
        var properties = new BasicProperties { ContentType = "application/json", Persistent = persistent };
        if (cc is not null)
        {
            properties.Headers = new Dictionary<string, object?> { ["CC"] = cc.Select(r => (object)r).ToList() };
        }
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(body)).AsTask().WithTimeout(Timeout);
    }

    /// <summary>Ready (not unacknowledged) messages in a queue, or null when the queue does not exist.</summary>
    public static async Task<uint?> ReadyCountAsync(IConnection connection, string queue)
    {
        // A failed passive declare closes its channel, so each check gets a channel of its own.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue).WithTimeout(Timeout);
            return ok.MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>Consumers of a queue, or null when the queue does not exist.</summary>
    public static async Task<uint?> ConsumerCountAsync(IConnection connection, string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue).WithTimeout(Timeout);
            return ok.ConsumerCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, for broker state that raises no event (a queue declared again
    /// by a listener in the background); fails the test after the timeout.
    /// </summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public static string UniquePrefix(string service = "test-queue") => $"{service}-{Guid.NewGuid():N}/v1/";

    public static async Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var finished = await Task.WhenAny(task, Task.Delay(limit));
        if (finished != task) throw new TimeoutException($"Timed out after {limit.TotalSeconds} s.");
        return await task;
    }

    public static async Task WithTimeout(this Task task, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var finished = await Task.WhenAny(task, Task.Delay(limit));
        if (finished != task) throw new TimeoutException($"Timed out after {limit.TotalSeconds} s.");
        await task;
    }

    /// <summary>Runs rabbitmqctl and returns its output; fails the test when it fails or hangs.</summary>
    public static async Task<string> RabbitmqctlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rabbitmqctl {string.Join(' ', arguments)} hung.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {await error} {await output}");
        return await output;
    }

    /// <summary>Waits until the AMQP port (or another) accepts connections (after start_app).</summary>
    public static async Task WaitForPortAsync(int port = 5672)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                // Polling a port that is still starting: nothing to await instead.
                await Task.Delay(200);
            }
        }
    }

    public static async Task StartAppAsync()
    {
        await RabbitmqctlAsync("start_app");
        await WaitForPortAsync();
    }
}
