using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// Scale and faults on quorum queues against the real broker: competing consumers on two connections, a consumer
/// killed mid-stream, a broker restart with handlers in flight, and poison messages. One test restarts the broker,
/// so the fixture never runs in parallel with anything.
/// </summary>
[NonParallelizable]
public class FaultTests : AmqpFixture
{
    private const int ManyMessages = 10_000;
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Two_connections_competing_for_10000_messages_on_one_quorum_queue_handle_each_exactly_once()
    {
        string queue = UniqueQueueName("competing-10k");
        var log = new DeliveryLog();
        var perListener = new int[2];
        for (int i = 0; i < 2; i++)
        {
            int index = i;
            var connection = Track(new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString, ClientProvidedName = $"taskcluster-tests competitor {i}" }));
            var listener = NewListener(new ListenerOptions { Connection = connection, QueueName = queue, Prefetch = 50 });
            listener.OnMessage(async (message, _) =>
            {
                // A little asynchronous work, so that deliveries overlap as in real consumers.
                await Task.Yield();
                Interlocked.Increment(ref perListener[index]);
                log.Record(message);
            });
            await listener.BindAsync(Events.TaskCompleted());
            await listener.StartAsync().WithTimeout();
        }

        await PublishManyAsync(ManyMessages);
        await log.WaitForDistinctAsync(ManyMessages, StreamTimeout);
        await Broker.EventuallyAsync(async () => await Broker.ReadyCountAsync(Publisher, queue) == 0, "the queue to be empty");

        Assert.Multiple(() =>
        {
            Assert.That(log.DistinctIds, Is.EqualTo(ManyMessages));
            Assert.That(log.Deliveries, Is.EqualTo(ManyMessages), "no message handled twice");
            Assert.That(log.Redelivered, Is.Zero);
            Assert.That(perListener, Has.All.GreaterThan(ManyMessages / 10), "both consumers got a share");
        });
    }

    [Test]
    public async Task When_one_of_two_consumers_is_killed_mid_stream_every_message_is_handled_at_least_once()
    {
        const int prefetch = 50;
        string queue = UniqueQueueName("killed-10k");
        var log = new DeliveryLog();
        var victimConnection = Track(new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString, ClientProvidedName = "taskcluster-tests victim" }));
        var victim = NewListener(new ListenerOptions { Connection = victimConnection, QueueName = queue, Prefetch = prefetch });
        var survivor = NewListener(new ListenerOptions { ConnectionString = Broker.ConnectionString, QueueName = queue, Prefetch = prefetch });
        int killed = 0;
        int victimHandled = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        victim.OnMessage(async (message, _) =>
        {
            await Task.Yield();
            // A dead process records nothing; what it recorded before dying may still be redelivered.
            if (Volatile.Read(ref killed) == 1) return;
            log.Record(message);
            if (Interlocked.Increment(ref victimHandled) == 2_000) halfway.TrySetResult();
        });
        survivor.OnMessage(async (message, _) =>
        {
            await Task.Yield();
            log.Record(message);
        });
        // The queue is declared by the first listener to connect; the messages wait in it after binding.
        await victim.BindAsync(Events.TaskCompleted());
        await survivor.BindAsync(Events.TaskCompleted());
        await victim.ConnectAsync().WithTimeout();
        await PublishManyAsync(ManyMessages);
        await victim.StartAsync().WithTimeout();
        await survivor.StartAsync().WithTimeout();

        await halfway.Task.WithTimeout(StreamTimeout);
        // Killed: the socket is torn down with unacknowledged messages, and nothing recovers it.
        Volatile.Write(ref killed, 1);
        await (await victimConnection.ConnectAsync()).AbortAsync();
        await log.WaitForDistinctAsync(ManyMessages, StreamTimeout);
        await Broker.EventuallyAsync(async () => await Broker.ReadyCountAsync(Publisher, queue) == 0, "the queue to be empty");

        Assert.Multiple(() =>
        {
            Assert.That(log.DistinctIds, Is.EqualTo(ManyMessages), "every message of the stream was handled");
            Assert.That(log.DuplicatesWithoutRedelivery, Is.Empty, "a message is handled twice only when it was redelivered");
            Assert.That(log.Deliveries - log.DistinctIds, Is.LessThanOrEqualTo(prefetch), "duplicates only from the victim's messages in flight");
            Assert.That(log.Redelivered, Is.GreaterThan(0), "the victim died with messages in flight");
        });
    }

    [Test]
    public async Task A_broker_restart_mid_stream_with_handlers_in_flight_loses_nothing_and_raises_Reconnected_once()
    {
        const int count = 2_000;
        string queue = UniqueQueueName("restart-stream");
        var log = new DeliveryLog();
        await using var connection = new Connection(new ConnectionOptions
        {
            ConnectionString = Broker.ConnectionString,
            RecoveryInterval = TimeSpan.FromSeconds(1),
        });
        var listener = NewListener(new ListenerOptions { Connection = connection, QueueName = queue, Prefetch = 20 });
        int reconnected = 0;
        listener.Reconnected += (_, _) => Interlocked.Increment(ref reconnected);
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int started = 0;
        listener.OnMessage(async (message, _) =>
        {
            // Deliveries 501 to 510 are held until the broker is down, so their acks are lost with the connection.
            int n = Interlocked.Increment(ref started);
            if (n is > 500 and <= 510)
            {
                if (n == 510) inFlight.TrySetResult();
                await release.Task;
            }
            log.Record(message);
        });
        await listener.BindAsync(Events.TaskCompleted());
        await listener.ConnectAsync().WithTimeout();
        await PublishManyAsync(count);
        await listener.StartAsync().WithTimeout();
        await inFlight.Task.WithTimeout(StreamTimeout);

        try
        {
            await Broker.RabbitmqctlAsync("stop_app");
            release.TrySetResult();
        }
        finally
        {
            await Broker.StartAppAsync();
        }
        await log.WaitForDistinctAsync(count, StreamTimeout);
        await ReconnectPublisherAsync();
        // A later message goes through the same recovered channel, so any second recovery event would precede it.
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(count));
        await log.WaitForDistinctAsync(count + 1, Broker.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(log.DistinctIds, Is.EqualTo(count + 1), "nothing lost");
            Assert.That(log.DuplicatesWithoutRedelivery, Is.Empty, "duplicates only from redelivery");
            Assert.That(log.Redelivered, Is.GreaterThanOrEqualTo(10), "the held deliveries lost their acks and came back");
            Assert.That(Volatile.Read(ref reconnected), Is.EqualTo(1), "Reconnected once for one recovery");
        });
    }

    [TestCase(FailedMessagePolicy.RequeueUnlessRedelivered, 2)]
    [TestCase(FailedMessagePolicy.NeverRequeue, 1)]
    public async Task A_poison_message_is_dead_lettered_per_the_policy_and_never_loops(FailedMessagePolicy policy, int expectedAttempts)
    {
        string deadLetters = $"exchange/{Broker.UserName}/taskcluster-tests/dead-{Guid.NewGuid():N}";
        await using (var setup = await Publisher.CreateChannelAsync())
        {
            await setup.ExchangeDeclareAsync(deadLetters, ExchangeType.Fanout, durable: false, autoDelete: true);
        }
        string deadQueue = UniqueQueueName("dead-letters");
        await using (var setup = await Publisher.CreateChannelAsync())
        {
            await setup.QueueDeclareAsync(deadQueue, durable: true, exclusive: false, autoDelete: false);
            await setup.QueueBindAsync(deadQueue, deadLetters, "#");
        }
        var listener = NewListener(new ListenerOptions
        {
            ConnectionString = Broker.ConnectionString,
            QueueName = UniqueQueueName("poison"),
            FailedMessagePolicy = policy,
            DeadLetterExchange = deadLetters,
        });
        int poisonAttempts = 0;
        var goodHandled = new ConcurrentQueue<int>();
        var secondGood = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.OnMessage((message, _) =>
        {
            int id = IdOf(message);
            if (id == 0)
            {
                Interlocked.Increment(ref poisonAttempts);
                throw new InvalidOperationException("poison");
            }
            goodHandled.Enqueue(id);
            if (id == 2) secondGood.TrySetResult();
            return Task.CompletedTask;
        });
        await listener.BindAsync(Events.TaskCompleted());
        await listener.StartAsync().WithTimeout();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(0));
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await Broker.EventuallyAsync(async () => await Broker.ReadyCountAsync(Publisher, deadQueue) == 1, "the poison message to be dead-lettered");
        // A message published after the dead-lettering: had the poison come back, it would be handled again by now.
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(2));
        await secondGood.Task.WithTimeout();

        uint? left = await Broker.ReadyCountAsync(Publisher, listener.QueueName);
        Assert.Multiple(() =>
        {
            Assert.That(Volatile.Read(ref poisonAttempts), Is.EqualTo(expectedAttempts));
            Assert.That(goodHandled.OrderBy(i => i), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(left, Is.Zero);
        });
    }

    [Test]
    public async Task A_handler_stopped_by_closing_the_listener_gives_its_message_back_even_after_redelivery()
    {
        string queue = UniqueQueueName("closing");
        var first = NewListener(queueName: queue);
        var errors = new ConcurrentQueue<AmqpErrorEventArgs>();
        first.Error += (_, e) => errors.Enqueue(e);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.OnMessage(async (message, cancellationToken) =>
        {
            // Fail the first delivery, so the one held below is a redelivery, which a failure would drop.
            if (!message.Redelivered) throw new InvalidOperationException("first attempt fails");
            waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });
        await first.BindAsync(Events.TaskCompleted());
        await first.StartAsync().WithTimeout();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await waiting.Task.WithTimeout();

        await first.CloseAsync().WithTimeout();
        var second = NewListener(queueName: queue);
        var received = new Received(second);
        await second.StartAsync().WithTimeout();
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }));
            Assert.That(errors.Count(e => e.Kind == AmqpErrorKind.HandlerFailed), Is.EqualTo(1), "only the real failure is reported");
        });
    }

    /// <summary>Publishes messages with ids firstId.. on the task-completed exchange, many confirms outstanding at once.</summary>
    private async Task PublishManyAsync(int count, int firstId = 0)
    {
        var properties = new BasicProperties { ContentType = "application/json" };
        var pending = new List<Task>(500);
        for (int id = firstId; id < firstId + count; id++)
        {
            pending.Add(PublishChannel.BasicPublishAsync(TaskCompletedExchange, Key("a"), mandatory: false, properties, Encoding.UTF8.GetBytes(Body(id))).AsTask());
            if (pending.Count == 500)
            {
                await Task.WhenAll(pending).WithTimeout();
                pending.Clear();
            }
        }
        await Task.WhenAll(pending).WithTimeout();
    }

    /// <summary>Every delivery handled, by message id, with whether the broker marked it redelivered.</summary>
    private sealed class DeliveryLog
    {
        private readonly ConcurrentDictionary<int, ConcurrentQueue<bool>> _byId = new();
        private readonly object _sync = new();
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = new();
        private int _deliveries;
        private int _redelivered;

        public int Deliveries => Volatile.Read(ref _deliveries);
        public int Redelivered => Volatile.Read(ref _redelivered);
        public int DistinctIds => _byId.Count;

        /// <summary>Ids handled more than once although none of their deliveries was marked redelivered.</summary>
        public IReadOnlyList<int> DuplicatesWithoutRedelivery =>
            _byId.Where(p => p.Value.Count > 1 && !p.Value.Contains(true)).Select(p => p.Key).ToArray();

        /// <summary>Completes once <paramref name="distinctIds"/> different messages were handled; fails after the timeout.</summary>
        public Task WaitForDistinctAsync(int distinctIds, TimeSpan timeout)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sync)
            {
                if (_byId.Count >= distinctIds) return Task.CompletedTask;
                _waiters.Add((distinctIds, done));
            }
            return done.Task.WithTimeout(timeout);
        }

        public void Record(Message message)
        {
            Interlocked.Increment(ref _deliveries);
            if (message.Redelivered) Interlocked.Increment(ref _redelivered);
            _byId.GetOrAdd(IdOf(message), _ => new ConcurrentQueue<bool>()).Enqueue(message.Redelivered);
            lock (_sync)
            {
                foreach (var waiter in _waiters.Where(w => _byId.Count >= w.Count)) waiter.Done.TrySetResult();
            }
        }
    }
}
