using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// Broker restarts and server-side closes. These stop the broker for everyone, so the fixture never runs in parallel
/// with anything and always leaves the broker running.
/// </summary>
[NonParallelizable]
public class RecoveryTests : AmqpFixture
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(45);

    [Test]
    public async Task Every_persistent_message_is_handled_across_a_broker_restart()
    {
        const int count = 20;
        string queue = UniqueQueueName("restart");
        await using var connection = new Connection(new ConnectionOptions
        {
            ConnectionString = Broker.ConnectionString,
            RecoveryInterval = TimeSpan.FromSeconds(1),
        });
        var listener = NewListener(queueName: queue, connection: connection);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Reconnected += (_, _) => reconnected.TrySetResult();
        var firstWaveStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstWave = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new ConcurrentDictionary<int, int>();
        int calls = 0;
        listener.OnMessage(async (message, _) =>
        {
            // Hold the first deliveries until the broker is down, so their acks are lost and the broker must
            // redeliver them after the restart.
            if (Interlocked.Increment(ref calls) <= 5)
            {
                if (Volatile.Read(ref calls) >= 5) firstWaveStarted.TrySetResult();
                await releaseFirstWave.Task;
            }
            handled.AddOrUpdate(IdOf(message), 1, (_, n) => n + 1);
            if (handled.Count == count) allHandled.TrySetResult();
        });
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ConnectAsync().WithTimeout();
        for (int id = 0; id < count; id++)
            await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(id), persistent: true);
        await listener.ResumeAsync().WithTimeout();
        await firstWaveStarted.Task.WithTimeout();

        try
        {
            await Broker.RabbitmqctlAsync("stop_app");
            releaseFirstWave.TrySetResult();
        }
        finally
        {
            await Broker.StartAppAsync();
        }
        await reconnected.Task.WithTimeout(RecoveryTimeout);
        await allHandled.Task.WithTimeout(RecoveryTimeout);

        Assert.That(handled.Keys.OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, count)));
    }

    [Test]
    public async Task A_listener_recovers_when_the_broker_closes_its_connection()
    {
        string name = $"taskcluster-tests close {Guid.NewGuid():N}";
        await using var connection = new Connection(new ConnectionOptions
        {
            ConnectionString = Broker.ConnectionString,
            ClientProvidedName = name,
            RecoveryInterval = TimeSpan.FromSeconds(1),
        });
        var listener = NewListener(connection: connection);
        var received = new Received(listener);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<AmqpErrorKind>();
        listener.Reconnected += (_, _) => reconnected.TrySetResult();
        listener.Error += (_, e) => errors.Enqueue(e.Kind);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync().WithTimeout();

        await Broker.RabbitmqctlAsync("close_connection", await ConnectionPidAsync(name), "closed by the recovery test");
        await reconnected.Task.WithTimeout(RecoveryTimeout);
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
            Assert.That(errors, Does.Contain(AmqpErrorKind.Connection), "the loss was reported");
        });
    }

    [Test]
    public async Task A_connection_that_failed_while_the_broker_was_down_connects_on_retry()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString });
        AmqpConnectionException? failure;
        try
        {
            await Broker.RabbitmqctlAsync("stop_app");
            failure = Assert.ThrowsAsync<AmqpConnectionException>(() => connection.ConnectAsync().WithTimeout());
        }
        finally
        {
            await Broker.StartAppAsync();
        }

        await connection.ConnectAsync().WithTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.Not.Null);
            Assert.That(connection.IsOpen, Is.True);
        });
    }

    private static async Task<string> ConnectionPidAsync(string clientProvidedName)
    {
        string output = await Broker.RabbitmqctlAsync("list_connections", "pid", "client_properties", "--quiet", "--no-table-headers");
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(clientProvidedName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No broker connection named '{clientProvidedName}':\n{output}");
        return Regex.Match(line, @"<[^>]+>").Value;
    }
}
