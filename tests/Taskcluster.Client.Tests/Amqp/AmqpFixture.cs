using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// Base of the broker tests: a publisher connection, exchanges with unique TaskCluster-style names per test (so tests
/// never see each other's messages) and cleanup of every exchange and queue a test made.
/// </summary>
public abstract class AmqpFixture
{
    private readonly List<string> _exchanges = new();
    private readonly List<string> _queues = new();
    private readonly List<IAsyncDisposable> _disposables = new();

    internal IConnection Publisher { get; private set; } = null!;
    internal IChannel PublishChannel { get; private set; } = null!;
    internal TestQueueEvents Events { get; private set; } = null!;

    [SetUp]
    public async Task StartAsync()
    {
        Publisher = await Broker.ConnectAsync();
        PublishChannel = await Broker.ConfirmChannelAsync(Publisher);
        Events = new TestQueueEvents(Broker.UniquePrefix());
        foreach (var entry in Events.Entries) await DeclareExchangeAsync(Events.ExchangeOf(entry));
    }

    /// <summary>
    /// Replaces the publisher with a fresh connection, for publishing right after a broker restart (the old one may
    /// still be recovering).
    /// </summary>
    internal async Task ReconnectPublisherAsync()
    {
        try
        {
            await PublishChannel.DisposeAsync();
            await Publisher.DisposeAsync();
        }
        catch (Exception)
        {
            // Whatever state the broker restart left it in, it is replaced.
        }
        Publisher = await Broker.ConnectAsync();
        PublishChannel = await Broker.ConfirmChannelAsync(Publisher);
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        for (int i = _disposables.Count - 1; i >= 0; i--)
        {
            try { await _disposables[i].DisposeAsync().AsTask().WithTimeout(); } catch (Exception) { /* best effort */ }
        }
        _disposables.Clear();
        await PublishChannel.DisposeAsync();
        await Publisher.CloseAsync();
        await Publisher.DisposeAsync();
        // A fresh connection: the publisher's may still be recovering from a broker restart.
        await using var cleaner = await Broker.ConnectAsync();
        await using (var channel = await cleaner.CreateChannelAsync())
        {
            foreach (var queue in _queues) await channel.QueueDeleteAsync(queue);
            foreach (var exchange in _exchanges) await channel.ExchangeDeleteAsync(exchange);
        }
        _queues.Clear();
        _exchanges.Clear();
    }

    internal async Task DeclareExchangeAsync(string exchange)
    {
        await using var channel = await Publisher.CreateChannelAsync();
        // Durable, like TaskCluster's, so a broker restart in the recovery tests keeps it.
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        _exchanges.Add(exchange);
    }

    internal string UniqueQueueName(string purpose)
    {
        // A full Pulse name (it starts with queue/), so listeners use it as it is and tests can look it up.
        string name = $"queue/{Broker.UserName}/taskcluster-tests/{purpose}/{Guid.NewGuid():N}";
        _queues.Add(name);
        return name;
    }

    internal T Track<T>(T disposable) where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    internal Listener NewListener(ListenerOptions options) => Track(new Listener(options));

    internal Listener NewListener(string? queueName = null, int prefetch = 5, int maxLength = 0, Connection? connection = null) =>
        NewListener(new ListenerOptions
        {
            ConnectionString = connection is null ? Broker.ConnectionString : null,
            Connection = connection,
            QueueName = queueName,
            Prefetch = prefetch,
            MaxLength = maxLength,
        });

    internal string TaskCompletedExchange => Events.ExchangeOf(TestQueueEvents.TaskCompletedEntry);

    internal static string Key(string taskId, string kind = "primary") => $"{kind}.{taskId}.0.wg.wid.prov.wt.sched.group._";

    internal static string Body(int id) => $"{{\"id\":{id}}}";

    internal static int IdOf(Message message) => message.Payload.GetProperty("id").GetInt32();
}

/// <summary>Collects the messages a listener hands to its handler and lets a test await a number of them.</summary>
internal sealed class Received
{
    private readonly Collector<Message> _messages = new();

    public Received(Listener listener) => listener.OnMessage(Handle);

    public IReadOnlyList<Message> Messages => _messages.Items;

    public Task Handle(Message message, CancellationToken cancellationToken) => _messages.Add(message);

    public Task WaitForAsync(int count) => _messages.WaitForAsync(count);
}

/// <summary>Items handed over by concurrent handlers, and a way to await a number of them.</summary>
internal sealed class Collector<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly object _sync = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = new();

    public IReadOnlyList<T> Items => _items.ToArray();

    public Task Add(T item)
    {
        _items.Enqueue(item);
        lock (_sync)
        {
            foreach (var waiter in _waiters.Where(w => _items.Count >= w.Count)) waiter.Done.TrySetResult();
        }
        return Task.CompletedTask;
    }

    public Task WaitForAsync(int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            if (_items.Count >= count) return Task.CompletedTask;
            _waiters.Add((count, done));
        }
        return done.Task.WithTimeout();
    }
}

/// <summary>How a listener settles messages, seen through its test hook.</summary>
internal static class Settlements
{
    /// <summary>How the listener settles its next <paramref name="count"/> messages.</summary>
    public static Task<Acknowledgement[]> Of(Listener listener, int count)
    {
        var outcomes = new ConcurrentQueue<Acknowledgement>();
        var done = new TaskCompletionSource<Acknowledgement[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.SettledForTesting = (_, acknowledgement) =>
        {
            outcomes.Enqueue(acknowledgement);
            if (outcomes.Count >= count) done.TrySetResult(outcomes.ToArray());
        };
        return done.Task.WithTimeout();
    }
}
