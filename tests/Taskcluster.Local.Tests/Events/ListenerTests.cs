using System;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Events;

/// <summary>
/// The stand-in's events received the way users receive them: through the SDK's <see cref="Listener"/>, bound with
/// the generated <see cref="QueueEvents"/> to today's exchanges on the real broker.
/// </summary>
[TestFixture]
public sealed class ListenerTests
{
    private const string Amqp = "amqp://guest:guest@127.0.0.1:5672/";

    private LocalTaskcluster _tc = null!;
    private Queue _queue = null!;
    private readonly QueueEvents _events = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tc = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions { AmqpConnectionString = Amqp });
        _queue = new Queue(_tc.ClientOptions("queue"));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    /// <summary>A listener bound to one binding, and the first message it receives.</summary>
    private static async Task<(Listener Listener, Task<Message> First)> ListenAsync(Binding binding)
    {
        var listener = new Listener(new ListenerOptions { ConnectionString = Amqp });
        var first = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.OnMessage((message, _) =>
        {
            first.TrySetResult(message);
            return Task.CompletedTask;
        });
        await listener.BindAsync(binding);
        await listener.ResumeAsync();
        return (listener, first.Task.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    private async Task<(string TaskId, string TaskQueueId)> RunningTaskAsync(params string[] routes)
    {
        string taskId = Slugid.Nice(), taskQueueId = TaskDefinitions.UniqueQueue();
        var definition = TaskDefinitions.InQueue(taskQueueId);
        definition.Routes = routes;
        await _queue.CreateTaskAsync(taskId, definition);
        await _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim("grp", "wkr"));
        return (taskId, taskQueueId);
    }

    [Test]
    public async Task Task_completed_arrives_on_todays_exchange_with_its_routing_key_parsed_and_routes_listed()
    {
        string taskId = Slugid.Nice();
        var (listener, first) = await ListenAsync(_events.TaskCompleted(taskId: taskId));
        await using var _ = listener;
        string taskQueueId = TaskDefinitions.UniqueQueue();
        var definition = TaskDefinitions.InQueue(taskQueueId);
        definition.Routes = ["project.listener-test"];
        await _queue.CreateTaskAsync(taskId, definition);
        await _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim("grp", "wkr"));

        await _queue.ReportCompletedAsync(taskId, "0");
        var message = await first;

        Assert.That(message.Exchange, Is.EqualTo("exchange/taskcluster-queue/v1/task-completed"));
        Assert.That(message.Routing!["taskId"], Is.EqualTo(taskId));
        Assert.That(message.Routing["runId"], Is.EqualTo("0"));
        Assert.That(message.Routing["workerGroup"], Is.EqualTo("grp"));
        Assert.That(message.Routing["provisionerId"], Is.EqualTo("prov"));
        Assert.That(message.Routing["schedulerId"], Is.EqualTo("-"));
        Assert.That(message.Routes, Is.EqualTo(new[] { "project.listener-test" }));
        Assert.That(message.Payload.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("completed"));
    }

    [Test]
    public async Task A_binding_to_a_task_route_receives_the_message_CCed_to_it()
    {
        string route = "index.listener." + Guid.NewGuid().ToString("N");
        var (listener, first) = await ListenAsync(_events.TaskFailed(RoutingPattern.Raw("route." + route)));
        await using var _ = listener;
        var (taskId, _) = await RunningTaskAsync(route);

        await _queue.ReportFailedAsync(taskId, "0");
        var message = await first;

        Assert.That(message.Exchange, Is.EqualTo("exchange/taskcluster-queue/v1/task-failed"));
        // Bound to nothing but the route, so it can only have come through the CC; the delivery keeps the primary key.
        Assert.That(message.Routes, Is.EqualTo(new[] { route }));
        Assert.That(message.RoutingKey, Does.StartWith($"primary.{taskId}.0."));
        Assert.That(message.Payload.GetProperty("status").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
    }

    [Test]
    public async Task A_task_exception_arrives_with_the_run_that_raised_it()
    {
        var (taskId, _) = await RunningTaskAsync();
        var (listener, first) = await ListenAsync(_events.TaskException(taskId: taskId));
        await using var _ = listener;

        await _queue.ReportExceptionAsync(taskId, "0", new TaskExceptionRequest { Reason = TaskExceptionRequestReason.MalformedPayload });
        var message = await first;

        Assert.That(message.Payload.GetProperty("runId").GetInt32(), Is.Zero);
        Assert.That(message.Payload.GetProperty("status").GetProperty("runs")[0].GetProperty("reasonResolved").GetString(), Is.EqualTo("malformed-payload"));
        // The payload is also a valid task-exception message: the generated model reads it whole.
        var typed = message.Payload.Deserialize(QueueJsonContext.Default.TaskExceptionMessage)!;
        Assert.That(typed.Status.Runs[0].ReasonResolved, Is.EqualTo(TaskStatusRunsItemReasonResolved.MalformedPayload));
    }

    [Test]
    public async Task A_task_group_resolved_arrives_after_its_last_task_resolves()
    {
        string groupId = Slugid.Nice(), taskQueueId = TaskDefinitions.UniqueQueue();
        // One message at a time, so that the handler sees them in the order the queue holds them.
        await using var listener = new Listener(new ListenerOptions { ConnectionString = Amqp, Prefetch = 1 });
        var exchanges = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var resolved = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.OnMessage((message, _) =>
        {
            exchanges.Enqueue(message.Exchange.Substring(message.Exchange.LastIndexOf('/') + 1));
            if (message.Exchange.EndsWith("task-group-resolved", StringComparison.Ordinal)) resolved.TrySetResult(message);
            return Task.CompletedTask;
        });
        await listener.BindAsync(_events.TaskCompleted(taskGroupId: groupId));
        await listener.BindAsync(_events.TaskFailed(taskGroupId: groupId));
        await listener.BindAsync(_events.TaskGroupResolved(taskGroupId: groupId));
        await listener.ResumeAsync();
        string a = Slugid.Nice(), b = Slugid.Nice();
        await _queue.CreateTaskAsync(a, TaskDefinitions.InQueue(taskQueueId, groupId));
        await _queue.CreateTaskAsync(b, TaskDefinitions.InQueue(taskQueueId, groupId));
        await _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim("grp", "wkr", tasks: 2));

        await _queue.ReportCompletedAsync(a, "0");
        await _queue.ReportFailedAsync(b, "0");
        var message = await resolved.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(exchanges, Is.EqualTo(new[] { "task-completed", "task-failed", "task-group-resolved" }));
        Assert.That(message.Payload.GetProperty("taskGroupId").GetString(), Is.EqualTo(groupId));
        Assert.That(message.Routing!["schedulerId"], Is.EqualTo("-"));
    }
}
