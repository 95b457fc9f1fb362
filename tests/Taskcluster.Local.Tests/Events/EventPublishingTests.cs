using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Taskcluster.Local.Tests.Events;

/// <summary>
/// The stand-in's events, observed with a plain RabbitMQ.Client consumer (not the SDK's listener), so that a routing
/// mistake on either side cannot hide the other's.
/// </summary>
[TestFixture]
public sealed class EventPublishingTests
{
    private const string Amqp = "amqp://guest:guest@127.0.0.1:5672/";

    private LocalTaskcluster _tc = null!;
    private IConnection _connection = null!;
    private IChannel _channel = null!;
    private readonly ConcurrentQueue<(string Exchange, string RoutingKey, string Body, List<string> Cc)> _received = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tc = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions { AmqpConnectionString = Amqp });
        _connection = await new ConnectionFactory { Uri = new Uri(Amqp) }.CreateConnectionAsync();
        _channel = await _connection.CreateChannelAsync();
        var queue = await _channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true);
        foreach (string exchange in new[] { "task-defined", "task-pending", "task-running", "artifact-created", "task-completed", "task-failed" })
            await _channel.QueueBindAsync(queue.QueueName, "queue/v1/" + exchange, "#");
        await _channel.QueueBindAsync(queue.QueueName, "scheduler/v1/task-graph-running", "#");
        await _channel.QueueBindAsync(queue.QueueName, "scheduler/v1/task-graph-finished", "#");
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var cc = new List<string>();
            if (delivery.BasicProperties.Headers?.TryGetValue("CC", out var value) == true && value is IEnumerable<object> entries)
                cc.AddRange(entries.Select(e => e is byte[] bytes ? Encoding.UTF8.GetString(bytes) : e.ToString()!));
            _received.Enqueue((delivery.Exchange, delivery.RoutingKey, Encoding.UTF8.GetString(delivery.Body.Span), cc));
            return Task.CompletedTask;
        };
        await _channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
        await _tc.DisposeAsync();
    }

    [Test]
    public async Task A_task_lifecycle_publishes_each_event_with_the_reference_routing_key_and_the_task_routes()
    {
        var queue = new Queue(_tc.ClientOptions("queue"));
        string taskId = Slugid.Nice();

        await queue.CreateTaskAsync(taskId, TaskDefinitions.Valid("prov", "wt", "index.my.route"));
        await queue.ClaimTaskAsync(taskId, "0", new { workerGroup = "grp", workerId = "wkr" });
        await queue.CreateArtifactAsync(taskId, "0", "public/x", new { storageType = "s3", contentType = "text/plain", expires = DateTime.UtcNow.AddDays(1) });
        await queue.ReportCompletedAsync(taskId, "0", new { success = true });
        var events = await WaitForAsync(e => e.RoutingKey.Contains(taskId), 5);

        Assert.That(events.Select(e => e.Exchange), Is.EqualTo(new[]
        {
            "queue/v1/task-defined", "queue/v1/task-pending", "queue/v1/task-running", "queue/v1/artifact-created", "queue/v1/task-completed",
        }));
        Assert.That(events[0].RoutingKey, Is.EqualTo($"primary.{taskId}._._._.prov.wt.-.{taskId}._"));
        Assert.That(events[1].RoutingKey, Is.EqualTo($"primary.{taskId}.0._._.prov.wt.-.{taskId}._"));
        Assert.That(events[4].RoutingKey, Is.EqualTo($"primary.{taskId}.0.grp.wkr.prov.wt.-.{taskId}._"));
        Assert.That(events.All(e => e.Cc.SequenceEqual(new[] { "route.index.my.route" })), Is.True);
        using var completed = JsonDocument.Parse(events[4].Body);
        Assert.That(completed.RootElement.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("completed"));
        Assert.That(completed.RootElement.GetProperty("runId").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task A_failed_run_is_published_on_task_failed()
    {
        var queue = new Queue(_tc.ClientOptions("queue"));
        string taskId = Slugid.Nice();
        await queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());
        await queue.ClaimTaskAsync(taskId, "0", new { workerGroup = "grp", workerId = "wkr" });

        await queue.ReportCompletedAsync(taskId, "0", new { success = false });
        var events = await WaitForAsync(e => e.RoutingKey.Contains(taskId) && e.Exchange.EndsWith("failed"), 1);

        Assert.That(events[0].Exchange, Is.EqualTo("queue/v1/task-failed"));
    }

    [Test]
    public async Task A_task_graph_publishes_running_and_finished_keyed_by_its_id()
    {
        var scheduler = new Scheduler(_tc.ClientOptions("scheduler"));
        var queue = new Queue(_tc.ClientOptions("queue"));
        string graphId = Slugid.Nice(), taskId = Slugid.Nice();

        await scheduler.CreateTaskGraphAsync(graphId, new { tasks = new[] { new { taskId, requires = Array.Empty<string>(), task = TaskDefinitions.Valid() } } });
        await queue.ClaimTaskAsync(taskId, "0", new { workerGroup = "g", workerId = "w" });
        await queue.ReportCompletedAsync(taskId, "0", new { success = true });
        var events = await WaitForAsync(e => e.Exchange.StartsWith("scheduler/") && e.RoutingKey.Contains(graphId), 2);

        Assert.That(events.Select(e => e.Exchange), Is.EqualTo(new[] { "scheduler/v1/task-graph-running", "scheduler/v1/task-graph-finished" }));
        Assert.That(events[0].RoutingKey, Is.EqualTo($"primary._._._._._._.task-graph-scheduler.{graphId}._"));
    }

    private async Task<List<(string Exchange, string RoutingKey, string Body, List<string> Cc)>> WaitForAsync(
        Func<(string Exchange, string RoutingKey, string Body, List<string> Cc), bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var matching = _received.Where(match).ToList();
            if (matching.Count >= count || DateTime.UtcNow > deadline) return matching;
            await Task.Delay(20);
        }
    }
}
