using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>Listeners against the real broker, fed by a publisher acting as the queue service.</summary>
public class ListenerRoundTripTests : AmqpFixture
{
    [Test]
    public async Task A_message_bound_by_the_builder_arrives_with_its_routing_key_parsed()
    {
        var listener = NewListener();
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted(taskId: "abc"));
        await listener.ResumeAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("abc"), "{\"status\":{\"taskId\":\"abc\"}}");
        await received.WaitForAsync(1);

        var message = received.Messages[0];
        Assert.Multiple(() =>
        {
            Assert.That(message.Exchange, Is.EqualTo(TaskCompletedExchange));
            Assert.That(message.Routing!["taskId"], Is.EqualTo("abc"));
            Assert.That(message.Routing!["reserved"], Is.EqualTo("_"));
            Assert.That(message.Payload.GetProperty("status").GetProperty("taskId").GetString(), Is.EqualTo("abc"));
            Assert.That(message.Redelivered, Is.False);
        });
    }

    [Test]
    public async Task A_message_cc_ed_to_a_bound_raw_route_arrives_with_its_routes()
    {
        var listener = NewListener();
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted(RoutingPattern.Raw("route.my.route")));
        await listener.ResumeAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("xyz"), Body(1), cc: new[] { "route.my.route", "other" });
        await received.WaitForAsync(1);

        var message = received.Messages[0];
        Assert.Multiple(() =>
        {
            Assert.That(message.Routes, Is.EqualTo(new[] { "my.route" }));
            Assert.That(message.Routing!["taskId"], Is.EqualTo("xyz"), "the primary key is still parsed");
        });
    }

    [Test]
    public async Task A_message_published_under_a_route_key_has_no_routing()
    {
        var listener = NewListener();
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted(RoutingPattern.Raw("route.index.foo")));
        await listener.ResumeAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, "route.index.foo", Body(1));
        await received.WaitForAsync(1);

        Assert.That(received.Messages[0].Routing, Is.Null);
    }

    [Test]
    public async Task Messages_with_another_constant_are_not_delivered()
    {
        var listener = NewListener();
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted(taskId: "abc"));
        await listener.ResumeAsync();

        // Queues are FIFO: had the first been routed, it would arrive before the second.
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("abc", kind: "secondary"), Body(1));
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("abc"), Body(2));
        await received.WaitForAsync(1);

        Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public async Task Messages_for_other_tasks_are_not_delivered()
    {
        var listener = NewListener();
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted(taskId: "abc"));
        await listener.ResumeAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("other"), Body(1));
        await Broker.PublishAsync(PublishChannel, Events.ExchangeOf(TestQueueEvents.TaskFailedEntry), Key("abc"), Body(2));
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("abc"), Body(3));
        await received.WaitForAsync(1);

        Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public async Task A_binding_added_after_connecting_takes_effect_at_once()
    {
        var listener = NewListener();
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted(taskId: "abc"));
        await listener.ResumeAsync();
        await listener.BindAsync(Events.TaskFailed(taskId: "abc"));

        await Broker.PublishAsync(PublishChannel, Events.ExchangeOf(TestQueueEvents.TaskFailedEntry), Key("abc"), Body(7));
        await received.WaitForAsync(1);

        Assert.That(received.Messages[0].Routing!["taskId"], Is.EqualTo("abc"));
    }

    [Test]
    public async Task A_named_queue_survives_closing_the_listener()
    {
        string queue = UniqueQueueName("survives");
        var listener = NewListener(queueName: queue);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ConnectAsync();

        await listener.CloseAsync();

        Assert.That(await Broker.ReadyCountAsync(Publisher, queue), Is.Not.Null);
    }

    [Test]
    public async Task DeleteQueue_removes_a_named_queue()
    {
        string queue = UniqueQueueName("deleted");
        var first = NewListener(queueName: queue);
        await first.ConnectAsync();
        await first.CloseAsync();
        var second = NewListener(queueName: queue);

        await second.DeleteQueueAsync();

        Assert.That(await Broker.ReadyCountAsync(Publisher, queue), Is.Null);
    }

    [Test]
    public async Task An_unnamed_queue_disappears_with_its_listener()
    {
        var listener = NewListener();
        await listener.ResumeAsync();

        await listener.CloseAsync();

        Assert.That(await Broker.ReadyCountAsync(Publisher, listener.QueueName), Is.Null);
    }

    [Test]
    public async Task Connect_returns_the_same_channel_each_time()
    {
        var listener = NewListener();

        var first = await listener.ConnectAsync();
        var second = await listener.ConnectAsync();

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public async Task Pause_stops_delivery_and_resume_restarts_it()
    {
        string queue = UniqueQueueName("pause");
        var listener = NewListener(queueName: queue);
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        await listener.PauseAsync();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(2));
        uint? waitingWhilePaused = await Broker.ReadyCountAsync(Publisher, queue);
        await listener.ResumeAsync();
        await received.WaitForAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(waitingWhilePaused, Is.EqualTo(1), "the message waits in the queue while paused");
            Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public async Task A_max_length_of_3_keeps_the_newest_3_of_4_messages()
    {
        string queue = UniqueQueueName("max-length");
        var listener = NewListener(queueName: queue, maxLength: 3);
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ConnectAsync();
        for (int id = 1; id <= 4; id++) await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(id));

        uint? kept = await Broker.ReadyCountAsync(Publisher, queue);
        await listener.ResumeAsync();
        await received.WaitForAsync(3);

        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(3));
            Assert.That(received.Messages.Select(IdOf).OrderBy(i => i), Is.EqualTo(new[] { 2, 3, 4 }));
        });
    }

    [Test]
    public async Task A_handled_message_is_acked_and_leaves_the_queue()
    {
        string queue = UniqueQueueName("acked");
        var listener = NewListener(queueName: queue);
        var settled = Settlements.Of(listener, 1);
        new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        var outcomes = await settled;
        await listener.CloseAsync();

        uint? left = await Broker.ReadyCountAsync(Publisher, queue);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { Acknowledgement.Ack }));
            Assert.That(left, Is.EqualTo(0), "nothing was requeued on close");
        });
    }

    [Test]
    public async Task A_failing_handler_s_message_is_redelivered_once_and_then_dropped()
    {
        string queue = UniqueQueueName("failing");
        var listener = NewListener(queueName: queue);
        var deliveries = new ConcurrentQueue<bool>();
        var errors = new ConcurrentQueue<AmqpErrorKind>();
        listener.Error += (_, e) => errors.Enqueue(e.Kind);
        listener.OnMessage((message, _) =>
        {
            deliveries.Enqueue(message.Redelivered);
            throw new InvalidOperationException("this handler always fails");
        });
        var settled = Settlements.Of(listener, 2);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        var outcomes = await settled;
        await listener.CloseAsync();

        uint? left = await Broker.ReadyCountAsync(Publisher, queue);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { Acknowledgement.NackRequeue, Acknowledgement.NackDiscard }));
            Assert.That(deliveries, Is.EqualTo(new[] { false, true }));
            Assert.That(errors, Is.EqualTo(new[] { AmqpErrorKind.HandlerFailed, AmqpErrorKind.HandlerFailed }));
            Assert.That(left, Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Invalid_json_is_dropped_and_reported_instead_of_sticking()
    {
        string queue = UniqueQueueName("invalid-json");
        var listener = NewListener(queueName: queue);
        var received = new Received(listener);
        var errors = new ConcurrentQueue<AmqpErrorEventArgs>();
        listener.Error += (_, e) => errors.Enqueue(e);
        var settled = Settlements.Of(listener, 1);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), "not json");
        var outcomes = await settled;
        await listener.CloseAsync();

        uint? left = await Broker.ReadyCountAsync(Publisher, queue);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { Acknowledgement.NackDiscard }));
            Assert.That(received.Messages, Is.Empty);
            Assert.That(errors.Select(e => e.Kind), Is.EqualTo(new[] { AmqpErrorKind.InvalidMessage }));
            Assert.That(errors.Single().RoutingKey, Is.EqualTo(Key("a")));
            Assert.That(left, Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Two_listeners_share_one_connection()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString });
        var first = NewListener(connection: connection);
        var second = NewListener(connection: connection);
        var firstReceived = new Received(first);
        var secondReceived = new Received(second);
        await first.BindAsync(Events.TaskCompleted());
        await second.BindAsync(Events.TaskCompleted());
        await first.ResumeAsync();
        await second.ResumeAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await Task.WhenAll(firstReceived.WaitForAsync(1), secondReceived.WaitForAsync(1));

        Assert.That(connection.IsOpen, Is.True);
    }

    [Test]
    public async Task Closing_one_listener_leaves_the_other_and_the_shared_connection_working()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString });
        var closed = NewListener(connection: connection);
        var remaining = NewListener(connection: connection);
        var received = new Received(remaining);
        await closed.BindAsync(Events.TaskCompleted());
        await remaining.BindAsync(Events.TaskCompleted());
        await closed.ResumeAsync();
        await remaining.ResumeAsync();

        await closed.CloseAsync();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(connection.IsOpen, Is.True);
            Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
        });
    }

    [Test]
    public async Task Two_listeners_on_one_named_queue_share_the_work()
    {
        const int count = 40;
        string queue = UniqueQueueName("competing");
        var handledBy = new ConcurrentDictionary<int, ConcurrentBag<string>>();
        var allHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int handled = 0;
        foreach (var name in new[] { "first", "second" })
        {
            var listener = NewListener(queueName: queue, prefetch: 1);
            listener.OnMessage(async (message, cancellationToken) =>
            {
                // A little work per message, as real consumers have, so the broker alternates between them.
                await Task.Delay(5, cancellationToken);
                handledBy.GetOrAdd(IdOf(message), _ => new ConcurrentBag<string>()).Add(name);
                if (Interlocked.Increment(ref handled) == count) allHandled.TrySetResult();
            });
            await listener.BindAsync(Events.TaskCompleted());
            await listener.ResumeAsync();
        }

        for (int id = 0; id < count; id++) await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(id));
        await allHandled.Task.WithTimeout();

        var perListener = handledBy.Values.SelectMany(b => b).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        Assert.Multiple(() =>
        {
            Assert.That(handledBy.Keys.OrderBy(i => i), Is.EqualTo(Enumerable.Range(0, count)));
            Assert.That(handledBy.Values.Select(b => b.Count), Has.All.EqualTo(1), "each message handled exactly once");
            Assert.That(perListener.Keys, Is.EquivalentTo(new[] { "first", "second" }), "both listeners got some");
        });
    }

    [Test]
    public async Task Handlers_get_messages_concurrently_up_to_the_prefetch()
    {
        const int prefetch = 3;
        var listener = NewListener(prefetch: prefetch);
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int running = 0;
        listener.OnMessage(async (_, _) =>
        {
            if (Interlocked.Increment(ref running) == prefetch) allStarted.TrySetResult();
            await release.Task;
        });
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync();

        for (int id = 0; id < prefetch; id++) await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(id));
        await allStarted.Task.WithTimeout();
        release.SetResult();

        Assert.That(Volatile.Read(ref running), Is.EqualTo(prefetch));
    }

}
