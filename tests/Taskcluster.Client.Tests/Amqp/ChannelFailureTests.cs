using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// Errors the broker raises on the listener's channel while the connection is fine: the listener reports them, opens
/// a new channel and carries on, instead of staying dead.
/// </summary>
public class ChannelFailureTests : AmqpFixture
{
    [Test]
    public async Task Binding_to_a_missing_exchange_is_refused_reported_and_the_listener_keeps_consuming()
    {
        var listener = NewListener();
        var received = new Received(listener);
        var errors = new ConcurrentQueue<AmqpErrorEventArgs>();
        listener.Error += (_, e) => errors.Enqueue(e);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync().WithTimeout();
        string missing = Broker.UniquePrefix("missing") + "task-completed";

        var ex = Assert.ThrowsAsync<AmqpChannelException>(() => listener.BindAsync(new Binding(missing, "#")).WithTimeout());
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ReplyCode, Is.EqualTo(404));
            Assert.That(ex.Message, Does.Contain(missing).And.Contain("does not exist"));
            Assert.That(errors.Select(e => e.Kind), Does.Contain(AmqpErrorKind.Channel));
            Assert.That(listener.Bindings.Select(b => b.Exchange), Is.EqualTo(new[] { TaskCompletedExchange }));
            Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
        });
    }

    [Test]
    public async Task A_remembered_binding_to_a_missing_exchange_fails_the_start_once_and_is_forgotten()
    {
        var listener = NewListener();
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.BindAsync(new Binding(Broker.UniquePrefix("missing") + "task-completed", "#"));

        var ex = Assert.ThrowsAsync<AmqpChannelException>(() => listener.StartAsync().WithTimeout());
        await listener.StartAsync().WithTimeout();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ReplyCode, Is.EqualTo(404));
            Assert.That(listener.Bindings.Select(b => b.Exchange), Is.EqualTo(new[] { TaskCompletedExchange }));
        });
    }

    [Test]
    public async Task A_channel_the_broker_closes_while_consuming_is_replaced()
    {
        var listener = NewListener(queueName: UniqueQueueName("replaced"));
        var received = new Received(listener);
        var channelError = new TaskCompletionSource<AmqpErrorEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Error += (_, e) => { if (e.Kind == AmqpErrorKind.Channel) channelError.TrySetResult(e); };
        await listener.BindAsync(Events.TaskCompleted());
        var channel = await listener.ConnectAsync().WithTimeout();
        await listener.ResumeAsync().WithTimeout();

        // Acknowledging a delivery tag the channel never had is a channel error: the broker closes the channel.
        await channel.BasicAckAsync(999_999, multiple: false);
        var reported = await channelError.Task.WithTimeout();
        await Broker.EventuallyAsync(async () => await Broker.ConsumerCountAsync(Publisher, listener.QueueName) == 1, "the listener to consume again");
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(reported.Exception, Is.InstanceOf<AmqpChannelException>());
            Assert.That(((AmqpChannelException)reported.Exception).ReplyCode, Is.EqualTo(406));
            Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
        });
    }

    [Test]
    public async Task A_queue_deleted_under_a_consuming_listener_is_declared_again_with_its_bindings()
    {
        string queue = UniqueQueueName("deleted-outside");
        var listener = NewListener(queueName: queue);
        var received = new Received(listener);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Error += (_, e) => { if (e.Kind == AmqpErrorKind.ConsumerCancelled) cancelled.TrySetResult(); };
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync().WithTimeout();

        await using (var channel = await Publisher.CreateChannelAsync())
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }
        await cancelled.Task.WithTimeout();
        await Broker.EventuallyAsync(async () => await Broker.ConsumerCountAsync(Publisher, queue) == 1, "the queue to be declared and consumed again");
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Pausing_and_resuming_keeps_an_exclusive_queue_and_its_bindings()
    {
        // Only its own connection may look at an exclusive queue.
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString });
        var listener = NewListener(connection: connection);
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ResumeAsync().WithTimeout();

        await listener.PauseAsync().WithTimeout();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        uint? waiting = await Broker.ReadyCountAsync(await connection.ConnectAsync(), listener.QueueName);
        await listener.ResumeAsync().WithTimeout();
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(waiting, Is.EqualTo(1), "the message waited in the queue while paused");
            Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
        });
    }
}
