using System;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>How a listener declares its queue on the broker: quorum queues, and what happens on a mismatch.</summary>
public class PulseQueueTests : AmqpFixture
{
    [Test]
    public async Task A_named_queue_is_declared_as_a_durable_quorum_queue()
    {
        string queue = UniqueQueueName("quorum");
        var listener = NewListener(queueName: queue);

        await listener.ConnectAsync().WithTimeout();

        Assert.That(await QueueTypeAsync(queue), Is.EqualTo("quorum"));
    }

    [Test]
    public async Task QueueType_classic_declares_a_classic_queue()
    {
        string queue = UniqueQueueName("classic");
        var listener = NewListener(new ListenerOptions { ConnectionString = Broker.ConnectionString, QueueName = queue, QueueType = AmqpQueueType.Classic });

        await listener.ConnectAsync().WithTimeout();

        Assert.That(await QueueTypeAsync(queue), Is.EqualTo("classic"));
    }

    [Test]
    public async Task An_exclusive_queue_is_a_classic_queue_in_the_user_s_namespace()
    {
        var listener = NewListener();

        await listener.ConnectAsync().WithTimeout();

        string type = await QueueTypeAsync(listener.QueueName);
        Assert.Multiple(() =>
        {
            Assert.That(listener.QueueName, Does.StartWith("queue/guest/"));
            Assert.That(type, Is.EqualTo("classic"));
        });
    }

    [Test]
    public async Task An_existing_classic_queue_of_the_name_is_a_mismatch_that_says_what_to_do()
    {
        string queue = UniqueQueueName("mismatch");
        await using (var channel = await Publisher.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        }
        var listener = NewListener(queueName: queue);

        var ex = Assert.ThrowsAsync<AmqpQueueMismatchException>(() => listener.ConnectAsync().WithTimeout());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.QueueName, Is.EqualTo(queue));
            Assert.That(ex.ReplyCode, Is.EqualTo(406));
            Assert.That(ex.ReplyText, Does.Contain("x-queue-type"));
            Assert.That(ex.Message, Does.Contain("Delete the queue").And.Contain("choose another QueueName").And.Contain("AmqpQueueType.Classic"));
        });
    }

    [Test]
    public async Task DeleteQueue_removes_a_mismatched_queue_so_that_it_can_be_declared_again()
    {
        string queue = UniqueQueueName("mismatch-deleted");
        await using (var channel = await Publisher.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        }
        var stale = NewListener(queueName: queue);
        Assert.ThrowsAsync<AmqpQueueMismatchException>(() => stale.ConnectAsync().WithTimeout());

        await stale.DeleteQueueAsync().WithTimeout();
        var fresh = NewListener(queueName: queue);
        await fresh.ConnectAsync().WithTimeout();

        Assert.That(await QueueTypeAsync(queue), Is.EqualTo("quorum"));
    }

    [Test]
    public async Task A_listener_that_hit_a_mismatch_keeps_working_once_the_queue_is_gone()
    {
        string queue = UniqueQueueName("mismatch-retry");
        await using (var channel = await Publisher.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        }
        var listener = NewListener(queueName: queue);
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        Assert.ThrowsAsync<AmqpQueueMismatchException>(() => listener.ResumeAsync().WithTimeout());

        await using (var channel = await Publisher.CreateChannelAsync())
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        }
        await listener.ResumeAsync().WithTimeout();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
    }

    /// <summary>The queue's type as the broker reports it (classic or quorum).</summary>
    private static async Task<string> QueueTypeAsync(string queue)
    {
        string output = await Broker.RabbitmqctlAsync("list_queues", "name", "type", "--quiet", "--no-table-headers");
        var line = output.Split('\n').Select(l => l.Split('\t')).FirstOrDefault(parts => parts.Length == 2 && parts[0] == queue)
            ?? throw new InvalidOperationException($"The broker lists no queue '{queue}':\n{output}");
        return line[1].Trim();
    }
}
