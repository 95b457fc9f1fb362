using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>Reading a listener with <c>await foreach</c> instead of handlers.</summary>
public class ReadAllTests : AmqpFixture
{
    [Test]
    public async Task Messages_are_acked_as_the_loop_moves_on_and_the_one_held_at_break_comes_back_once()
    {
        string queue = UniqueQueueName("read-all");
        var listener = NewListener(queueName: queue);
        var outcomes = new List<Acknowledgement>();
        var settledAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.SettledForTesting = (_, outcome) =>
        {
            lock (outcomes)
            {
                outcomes.Add(outcome);
                if (outcomes.Count == 4) settledAll.TrySetResult();
            }
        };
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ConnectAsync().WithTimeout();
        for (int id = 1; id <= 3; id++) await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(id));

        var first = new List<(int Id, bool Redelivered)>();
        await ReadAsync(listener, message =>
        {
            first.Add((IdOf(message), message.Redelivered));
            return first.Count < 3;
        });
        var second = new List<(int Id, bool Redelivered)>();
        await ReadAsync(listener, message =>
        {
            second.Add((IdOf(message), message.Redelivered));
            return false;
        });
        await settledAll.Task.WithTimeout();
        await listener.CloseAsync();
        uint? left = await Broker.ReadyCountAsync(Publisher, queue);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { (1, false), (2, false), (3, false) }));
            Assert.That(second, Is.EqualTo(new[] { (3, true) }), "the message held at break came back");
            lock (outcomes)
            {
                // Settling runs on the thread pool, so the first loop's three may come in any order.
                Assert.That(outcomes.GetRange(0, 3), Is.EquivalentTo(new[] { Acknowledgement.Ack, Acknowledgement.Ack, Acknowledgement.NackRequeue }));
                Assert.That(outcomes[3], Is.EqualTo(Acknowledgement.NackDiscard));
            }
            Assert.That(left, Is.Zero, "held at break again after redelivery: dropped, not looping");
        });
    }

    [Test]
    public async Task An_exception_in_the_loop_reaches_the_caller_and_nothing_is_reported_as_a_handler_failure()
    {
        var listener = NewListener();
        var errors = new List<AmqpErrorKind>();
        listener.Error += (_, e) => { lock (errors) errors.Add(e.Kind); };
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ConnectAsync().WithTimeout();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));

        var ex = Assert.ThrowsAsync<InvalidOperationException>(() =>
            ReadAsync(listener, _ => throw new InvalidOperationException("the loop's own bug")));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("the loop's own bug"));
            lock (errors) Assert.That(errors, Is.Empty);
        });
    }

    [Test]
    public async Task Closing_the_listener_ends_the_loop()
    {
        string queue = UniqueQueueName("read-all-closed");
        var listener = NewListener(queueName: queue);
        await listener.BindAsync(Events.TaskCompleted());
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = Task.Run(async () =>
        {
            var reading = listener.ReadAllAsync().GetAsyncEnumerator();
            var next = reading.MoveNextAsync().AsTask();
            started.TrySetResult();
            bool got = await next;
            await reading.DisposeAsync();
            return got;
        });
        await started.Task.WithTimeout();
        await Broker.EventuallyAsync(async () => await Broker.ConsumerCountAsync(Publisher, queue) == 1, "the loop to start consuming");

        await listener.CloseAsync().WithTimeout();

        Assert.That(await loop.WithTimeout(), Is.False);
    }

    [Test]
    public async Task A_listener_is_read_with_handlers_or_with_ReadAllAsync_not_both()
    {
        var withHandler = NewListener();
        withHandler.OnMessage((_, _) => Task.CompletedTask);
        var streamed = NewListener();
        _ = streamed.ReadAllAsync();

        Assert.Multiple(() =>
        {
            Assert.Throws<InvalidOperationException>(() => withHandler.ReadAllAsync());
            Assert.Throws<InvalidOperationException>(() => streamed.OnMessage((_, _) => Task.CompletedTask));
        });
        await Task.CompletedTask;
    }

    [Test]
    public async Task Two_loops_cannot_read_one_listener_at_the_same_time()
    {
        var listener = NewListener();
        await listener.BindAsync(Events.TaskCompleted());
        using var stop = new CancellationTokenSource();
        var first = listener.ReadAllAsync(stop.Token).GetAsyncEnumerator();
        var firstNext = first.MoveNextAsync().AsTask();

        var second = listener.ReadAllAsync().GetAsyncEnumerator();
        Assert.ThrowsAsync<InvalidOperationException>(async () => await second.MoveNextAsync());

        stop.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => firstNext.WithTimeout());
        await first.DisposeAsync();
    }

    /// <summary>Reads until <paramref name="keepGoing"/> says stop (break) or throws.</summary>
    private static async Task ReadAsync(Listener listener, Func<Message, bool> keepGoing)
    {
        using var timeout = new CancellationTokenSource(Broker.Timeout);
        await foreach (var message in listener.ReadAllAsync(timeout.Token))
        {
            if (!keepGoing(message)) break;
        }
    }
}
