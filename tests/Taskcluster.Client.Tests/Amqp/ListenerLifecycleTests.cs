using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>The .NET names next to the specification's: StartAsync/StopAsync, and events every subscriber gets.</summary>
public class ListenerLifecycleTests : AmqpFixture
{
    [Test]
    public async Task StopAsync_returns_only_once_the_handlers_in_flight_have_settled_their_messages()
    {
        string queue = UniqueQueueName("stop");
        var listener = NewListener(queueName: queue, prefetch: 3);
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int started = 0;
        int finished = 0;
        listener.OnMessage(async (_, _) =>
        {
            if (Interlocked.Increment(ref started) == 3) allStarted.TrySetResult();
            await release.Task;
            Interlocked.Increment(ref finished);
        });
        await listener.BindAsync(Events.TaskCompleted());
        await listener.StartAsync().WithTimeout();
        for (int id = 0; id < 3; id++) await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(id));
        await allStarted.Task.WithTimeout();

        var stopping = listener.StopAsync();
        bool stoppedEarly = await Task.WhenAny(stopping, Task.Delay(200)) == stopping;
        release.SetResult();
        await stopping.WithTimeout();
        int finishedWhenStopped = Volatile.Read(ref finished);
        await listener.CloseAsync();

        uint? left = await Broker.ReadyCountAsync(Publisher, queue);
        Assert.Multiple(() =>
        {
            Assert.That(stoppedEarly, Is.False, "StopAsync waits for the handlers");
            Assert.That(finishedWhenStopped, Is.EqualTo(3));
            Assert.That(left, Is.Zero, "their messages were acked, not requeued by the close");
        });
    }

    [Test]
    public async Task StartAsync_after_StopAsync_consumes_again()
    {
        var listener = NewListener();
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.StartAsync().WithTimeout();
        await listener.StopAsync().WithTimeout();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await listener.StartAsync().WithTimeout();
        await received.WaitForAsync(1);

        Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task StopAsync_before_starting_returns_at_once()
    {
        var listener = NewListener();

        await listener.StopAsync().WithTimeout();

        Assert.That(listener.Connection.IsOpen, Is.False);
    }

    [Test]
    public async Task A_subscriber_that_throws_does_not_keep_the_event_from_the_others()
    {
        var listener = NewListener();
        var seen = new ConcurrentQueue<string>();
        listener.Error += (_, _) => { seen.Enqueue("first"); throw new InvalidOperationException("a broken subscriber"); };
        listener.Error += (_, _) => seen.Enqueue("second");
        var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.SettledForTesting = (_, _) => settled.TrySetResult();
        listener.OnMessage((_, _) => throw new InvalidOperationException("handler fails"));
        await listener.BindAsync(Events.TaskCompleted());
        await listener.StartAsync().WithTimeout();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await settled.Task.WithTimeout();

        Assert.That(seen, Is.EqualTo(new[] { "first", "second" }));
    }
}
