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
using Taskcluster.Client.Tests.Models.Support;
using Taskcluster.Models.Queue;

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
    private readonly System.Threading.SemaphoreSlim _arrived = new(0);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tc = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions { AmqpConnectionString = Amqp });
        _connection = await new ConnectionFactory { Uri = new Uri(Amqp) }.CreateConnectionAsync();
        _channel = await _connection.CreateChannelAsync();
        var queue = await _channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true);
        foreach (string exchange in new[] { "task-defined", "task-pending", "task-running", "artifact-created", "task-completed", "task-failed", "task-group-resolved" })
            await _channel.QueueBindAsync(queue.QueueName, "exchange/taskcluster-queue/v1/" + exchange, "#");
        await _channel.QueueBindAsync(queue.QueueName, "scheduler/v1/task-graph-running", "#");
        await _channel.QueueBindAsync(queue.QueueName, "scheduler/v1/task-graph-finished", "#");
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var cc = new List<string>();
            if (delivery.BasicProperties.Headers?.TryGetValue("CC", out var value) == true && value is IEnumerable<object> entries)
                cc.AddRange(entries.Select(e => e is byte[] bytes ? Encoding.UTF8.GetString(bytes) : e.ToString()!));
            _received.Enqueue((delivery.Exchange, delivery.RoutingKey, Encoding.UTF8.GetString(delivery.Body.Span), cc));
            _arrived.Release();
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
        _arrived.Dispose();
    }

    [Test]
    public async Task A_task_lifecycle_publishes_each_event_with_todays_routing_key_body_and_the_task_routes()
    {
        var queue = new Queue(_tc.ClientOptions("queue"));
        string taskId = Slugid.Nice(), taskQueueId = TaskDefinitions.UniqueQueue();
        string workerType = taskQueueId.Split('/')[1];
        var definition = TaskDefinitions.InQueue(taskQueueId);
        definition.Routes = ["index.my.route"];
        definition.Tags = new Dictionary<string, string> { ["kind"] = "test" };

        await queue.CreateTaskAsync(taskId, definition);
        await queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim("grp", "wkr"));
        await queue.CreateArtifactAsync(taskId, "0", "public/x", new PostArtifactRequestReference
        {
            Url = "https://example.com/x", ContentType = "text/plain", Expires = DateTimeOffset.UtcNow.AddDays(1),
        });
        await queue.ReportCompletedAsync(taskId, "0");
        var events = await WaitForAsync(e => e.RoutingKey.Contains(taskId), 6);

        Assert.That(events.Select(e => e.Exchange), Is.EqualTo(new[]
        {
            "exchange/taskcluster-queue/v1/task-defined", "exchange/taskcluster-queue/v1/task-pending", "exchange/taskcluster-queue/v1/task-running",
            "exchange/taskcluster-queue/v1/artifact-created", "exchange/taskcluster-queue/v1/task-completed", "exchange/taskcluster-queue/v1/task-group-resolved",
        }));
        Assert.That(events[0].RoutingKey, Is.EqualTo($"primary.{taskId}._._._.prov.{workerType}.-.{taskId}._"));
        Assert.That(events[1].RoutingKey, Is.EqualTo($"primary.{taskId}.0._._.prov.{workerType}.-.{taskId}._"));
        Assert.That(events[4].RoutingKey, Is.EqualTo($"primary.{taskId}.0.grp.wkr.prov.{workerType}.-.{taskId}._"));
        Assert.That(events[5].RoutingKey, Is.EqualTo($"primary.{taskId}.-._"), "task-group events are keyed by group and scheduler");
        Assert.That(events.Take(5).All(e => e.Cc.SequenceEqual(new[] { "route.index.my.route" })), Is.True);
        Assert.That(events[5].Cc, Is.Empty);

        using var defined = JsonDocument.Parse(events[0].Body);
        Assert.That(defined.RootElement.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("unscheduled"));
        Assert.That(defined.RootElement.GetProperty("task").GetProperty("tags").GetProperty("kind").GetString(), Is.EqualTo("test"));
        using var running = JsonDocument.Parse(events[2].Body);
        Assert.That(running.RootElement.GetProperty("takenUntil").GetString(), Is.Not.Empty);
        using var artifact = JsonDocument.Parse(events[3].Body);
        Assert.That(artifact.RootElement.GetProperty("artifact").GetProperty("storageType").GetString(), Is.EqualTo("reference"));
        Assert.That(artifact.RootElement.TryGetProperty("task", out _), Is.False, "artifact-created messages carry no task");
        using var completed = JsonDocument.Parse(events[4].Body);
        Assert.That(completed.RootElement.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(completed.RootElement.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("completed"));
        Assert.That(completed.RootElement.GetProperty("runId").GetInt32(), Is.Zero);
        Assert.That(completed.RootElement.GetProperty("workerGroup").GetString(), Is.EqualTo("grp"));
        Assert.That(completed.RootElement.GetProperty("workerId").GetString(), Is.EqualTo("wkr"));

        // Each body is also a whole document of its exchange's schema: the generated message models read every one
        // (a missing required property, a bad date or an enum value outside the schema would throw here).
        var typed = QueueJsonContext.Default;
        Assert.That(JsonSerializer.Deserialize(events[0].Body, typed.TaskDefinedMessage)!.Status.State, Is.EqualTo(TaskStatusState.Unscheduled));
        Assert.That(JsonSerializer.Deserialize(events[1].Body, typed.TaskPendingMessage)!.Status.State, Is.EqualTo(TaskStatusState.Pending));
        Assert.That(JsonSerializer.Deserialize(events[2].Body, typed.TaskRunningMessage)!.WorkerId, Is.EqualTo("wkr"));
        Assert.That(JsonSerializer.Deserialize(events[3].Body, typed.ArtifactCreatedMessage)!.Artifact.StorageType, Is.EqualTo(ArtifactCreatedMessageArtifactStorageType.Reference));
        Assert.That(JsonSerializer.Deserialize(events[4].Body, typed.TaskCompletedMessage)!.Status.State, Is.EqualTo(TaskStatusState.Completed));
        Assert.That(JsonSerializer.Deserialize(events[5].Body, typed.TaskGroupChangedMessage)!.TaskGroupId, Is.EqualTo(taskId));
    }

    [Test]
    public async Task Every_queue_message_fits_the_schema_of_its_exchange()
    {
        // Checked with the tests' own schema walker rather than the models, which keep what they do not know: the
        // stand-in builds each message as its exchange's model, so none may carry what the schema does not allow.
        var queue = new Queue(_tc.ClientOptions("queue"));
        string taskId = Slugid.Nice(), taskQueueId = TaskDefinitions.UniqueQueue();
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        await queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
        await queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim("grp", "wkr"));
        await queue.CreateArtifactAsync(taskId, "0", "public/ref", new PostArtifactRequestReference { Url = "https://example.com/", ContentType = "text/plain", Expires = expires });
        await queue.CreateArtifactAsync(taskId, "0", "public/link", new PostArtifactRequestLink { Artifact = "public/ref", Expires = expires });
        await queue.CreateArtifactAsync(taskId, "0", "public/error", new PostArtifactRequestError
        {
            Reason = PostArtifactRequestErrorReason.FileMissingOnWorker, Message = "not there", Expires = expires,
        });
        await queue.ReportFailedAsync(taskId, "0");
        var events = await WaitForAsync(e => e.RoutingKey.Contains(taskId), 8);

        Assert.That(events, Has.Count.EqualTo(8));
        Assert.Multiple(() =>
        {
            foreach (var e in events)
            {
                string schema = "/schemas/queue/v1/" + e.Exchange.Substring("exchange/taskcluster-queue/v1/".Length) switch
                {
                    "task-group-resolved" => "task-group-changed",
                    var name => name,
                } + "-message.json#";
                Assert.That(SchemaFiles.Builtin.Misfit(schema, System.Text.Json.Nodes.JsonNode.Parse(e.Body)), Is.Null, e.Exchange);
            }
        });
    }

    [Test]
    public async Task An_s3_artifact_publishes_no_artifact_created_as_in_TaskCluster()
    {
        var queue = new Queue(_tc.ClientOptions("queue"));
        string taskId = Slugid.Nice(), taskQueueId = TaskDefinitions.UniqueQueue();
        await queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
        await queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim("grp", "wkr"));

        await queue.CreateArtifactAsync(taskId, "0", "public/x", new PostArtifactRequestS3 { ContentType = "text/plain", Expires = DateTimeOffset.UtcNow.AddDays(1) });
        await queue.ReportFailedAsync(taskId, "0");
        var events = await WaitForAsync(e => e.RoutingKey.Contains(taskId) && e.Exchange.EndsWith("failed"), 1);

        Assert.That(_received.Where(e => e.RoutingKey.Contains(taskId)).Select(e => e.Exchange), Has.None.EndsWith("artifact-created"));
        Assert.That(events[0].Exchange, Is.EqualTo("exchange/taskcluster-queue/v1/task-failed"));
    }

    [Test]
    public async Task A_task_graph_of_the_legacy_scheduler_publishes_running_and_finished_on_its_own_exchanges()
    {
        var scheduler = new Scheduler(_tc.ClientOptions("scheduler"));
        var queue = new Queue(_tc.ClientOptions("queue"));
        string graphId = Slugid.Nice(), taskId = Slugid.Nice();
        string workerType = TaskDefinitions.UniqueQueue().Split('/')[1];

        await scheduler.CreateTaskGraphAsync(graphId, TaskDefinitions.TaskGraph(
            TaskDefinitions.GraphNode(taskId, TaskDefinitions.Json(TaskDefinitions.Valid("prov", workerType)), [])));
        await queue.ClaimWorkAsync("prov/" + workerType, TaskDefinitions.Claim());
        await queue.ReportCompletedAsync(taskId, "0");
        var events = await WaitForAsync(e => e.Exchange.StartsWith("scheduler/") && e.RoutingKey.Contains(graphId), 2);

        Assert.That(events.Select(e => e.Exchange), Is.EqualTo(new[] { "scheduler/v1/task-graph-running", "scheduler/v1/task-graph-finished" }));
        Assert.That(events[0].RoutingKey, Is.EqualTo($"primary._._._._._._.task-graph-scheduler.{graphId}._"));
    }

    private async Task<List<(string Exchange, string RoutingKey, string Body, List<string> Cc)>> WaitForAsync(
        Func<(string Exchange, string RoutingKey, string Body, List<string> Cc), bool> match, int count)
    {
        // Woken by each delivery rather than polling; gives up after 10 seconds and returns what matched.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var matching = _received.Where(match).ToList();
            var left = deadline - DateTime.UtcNow;
            if (matching.Count >= count || left <= TimeSpan.Zero) return matching;
            await _arrived.WaitAsync(left);
        }
    }
}
