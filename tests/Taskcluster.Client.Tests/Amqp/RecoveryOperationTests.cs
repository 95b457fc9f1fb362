using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// Every operation of a listener and a connection called while the connection is being recovered from a broker
/// restart: each waits for the recovery and then works, or gives up with the SDK's own AmqpConnectionException once
/// RecoveryWaitTimeout has passed. None may throw a RabbitMQ.Client exception. These stop the broker for everyone.
/// </summary>
[NonParallelizable]
public class RecoveryOperationTests : AmqpFixture
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(45);

    [Test]
    public async Task Operations_called_during_a_recovery_wait_for_it_and_then_work()
    {
        await using var connection = Recovering(TimeSpan.FromMinutes(1));
        var binder = await StartedAsync(NewListener(connection: connection));
        var binderReceived = new Received(binder);
        var deleted = await StartedAsync(NewListener(queueName: UniqueQueueName("deleted-in-recovery"), connection: connection));
        var paused = await StartedAsync(NewListener(queueName: UniqueQueueName("paused-in-recovery"), connection: connection));
        var pausedReceived = new Received(paused);
        var stopped = await StartedAsync(NewListener(connection: connection));
        var reconnecting = await StartedAsync(NewListener(connection: connection));
        var closed = await StartedAsync(NewListener(connection: connection));
        var late = NewListener(queueName: UniqueQueueName("started-in-recovery"), connection: connection);
        var lateReceived = new Received(late);
        await late.BindAsync(Events.TaskCompleted());
        var lost = WhenLost(connection);

        Task closing;
        var operations = new Dictionary<string, Task>();
        try
        {
            await Broker.RabbitmqctlAsync("stop_app");
            await lost.WithTimeout();
            closing = closed.CloseAsync();
            operations["BindAsync"] = binder.BindAsync(Events.TaskFailed());
            operations["DeleteQueueAsync"] = deleted.DeleteQueueAsync();
            operations["PauseAsync"] = paused.PauseAsync();
            operations["StopAsync"] = stopped.StopAsync();
            operations["ConnectAsync"] = reconnecting.ConnectAsync();
            operations["StartAsync"] = late.StartAsync();
            operations["Connection.ConnectAsync"] = connection.ConnectAsync();
            // Closing never waits for a recovery.
            await closing.WithTimeout(TimeSpan.FromSeconds(5));
            Assert.That(operations.Where(o => o.Value.IsCompleted).Select(o => o.Key), Is.Empty, "nothing completes while the broker is down");
        }
        finally
        {
            await Broker.StartAppAsync();
        }
        await Task.WhenAll(operations.Values).WithTimeout(RecoveryTimeout);
        await ReconnectPublisherAsync();
        await Broker.PublishAsync(PublishChannel, Events.ExchangeOf(TestQueueEvents.TaskFailedEntry), Key("a"), Body(1));
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(2));
        await Task.WhenAll(binderReceived.WaitForAsync(2), lateReceived.WaitForAsync(1));

        Assert.Multiple(async () =>
        {
            Assert.That(binderReceived.Messages.Select(IdOf).OrderBy(i => i), Is.EqualTo(new[] { 1, 2 }), "the binding made during recovery works");
            Assert.That(lateReceived.Messages.Select(IdOf), Is.EqualTo(new[] { 2 }), "the listener started during recovery consumes");
            Assert.That(await Broker.ReadyCountAsync(Publisher, deleted.QueueName), Is.Null, "the queue deleted during recovery is gone");
            Assert.That(await Broker.ReadyCountAsync(Publisher, paused.QueueName), Is.EqualTo(1), "the paused listener left its message waiting");
            Assert.That(pausedReceived.Messages, Is.Empty);
        });
    }

    [Test]
    public async Task Operations_give_up_with_AmqpConnectionException_when_the_recovery_takes_longer_than_allowed()
    {
        var wait = TimeSpan.FromSeconds(2);
        await using var connection = Recovering(wait);
        var listeners = new List<Listener>();
        for (int i = 0; i < 6; i++) listeners.Add(await StartedAsync(NewListener(connection: connection)));
        var named = await StartedAsync(NewListener(queueName: UniqueQueueName("give-up"), connection: connection));
        var received = new Received(named);
        var lost = WhenLost(connection);

        var outcomes = new Dictionary<string, Exception?>();
        try
        {
            await Broker.RabbitmqctlAsync("stop_app");
            await lost.WithTimeout();
            var operations = new Dictionary<string, Task>
            {
                ["BindAsync"] = listeners[0].BindAsync(Events.TaskFailed()),
                ["ResumeAsync"] = listeners[1].ResumeAsync(),
                ["PauseAsync"] = listeners[2].PauseAsync(),
                ["StopAsync"] = listeners[3].StopAsync(),
                ["ConnectAsync"] = listeners[4].ConnectAsync(),
                ["DeleteQueueAsync"] = listeners[5].DeleteQueueAsync(),
                ["Connection.ConnectAsync"] = connection.ConnectAsync(),
            };
            foreach (var (name, task) in operations)
            {
                try
                {
                    await task.WithTimeout(wait + TimeSpan.FromSeconds(10));
                    outcomes[name] = null;
                }
                catch (Exception ex)
                {
                    outcomes[name] = ex;
                }
            }
        }
        finally
        {
            await Broker.StartAppAsync();
        }
        // Giving up on an operation does not give up on the connection: the listeners recover.
        await Broker.EventuallyAsync(() => Task.FromResult(connection.IsOpen), "the connection to recover", RecoveryTimeout);
        await ReconnectPublisherAsync();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            foreach (var (name, outcome) in outcomes)
            {
                Assert.That(outcome, Is.InstanceOf<AmqpConnectionException>(), name);
                Assert.That(outcome?.Message, Does.Contain("RecoveryWaitTimeout"), name);
            }
        });
    }

    private static Connection Recovering(TimeSpan recoveryWait) => new(new ConnectionOptions
    {
        ConnectionString = Broker.ConnectionString,
        RecoveryInterval = TimeSpan.FromSeconds(1),
        RecoveryWaitTimeout = recoveryWait,
    });

    private async Task<Listener> StartedAsync(Listener listener)
    {
        await listener.BindAsync(Events.TaskCompleted());
        await listener.StartAsync().WithTimeout();
        return listener;
    }

    /// <summary>Completes when the connection reports that it lost the broker.</summary>
    private static Task WhenLost(Connection connection)
    {
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Error += (_, e) => { if (e.Kind == AmqpErrorKind.Connection) lost.TrySetResult(); };
        return lost.Task;
    }
}
