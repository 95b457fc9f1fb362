using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>Payloads as the queue service publishes them, and typed bindings made by hand as generated code will.</summary>
internal static class TypedMessages
{
    /// <summary>A typed twin of an untyped binding (same exchange, pattern and entry).</summary>
    public static Binding<TaskCompletedMessage> Completed(Binding binding) =>
        new(binding.Exchange, binding.RoutingKeyPattern, binding.Entry, QueueJsonContext.Default.TaskCompletedMessage);

    public static Binding<TaskFailedMessage> Failed(Binding binding) =>
        new(binding.Exchange, binding.RoutingKeyPattern, binding.Entry, QueueJsonContext.Default.TaskFailedMessage);

    /// <summary>The routing key the queue publishes a resolved run under.</summary>
    public static string RunKey(string taskId, int runId, string workerGroup = "us-east-1", string workerId = "i-0a1b2c3d") =>
        $"primary.{taskId}.{runId}.{workerGroup}.{workerId}.proj-releng.b-linux.taskcluster-github.{GroupId}._";

    public const string GroupId = "e6Gl5dSLTtyf9X1n4f8yJg";

    /// <summary>
    /// A task-completed (or task-failed) message for run <paramref name="runId"/> after a first run that ended in a
    /// worker shutdown, shaped like the queue's (schemas/queue/v1/task-completed-message.json).
    /// </summary>
    public static JsonObject Resolved(string taskId, int runId, string state = "completed", string workerGroup = "us-east-1", string workerId = "i-0a1b2c3d")
    {
        var runs = new JsonArray();
        for (int i = 0; i <= runId; i++)
        {
            bool last = i == runId;
            runs.Add(new JsonObject
            {
                ["runId"] = i,
                ["state"] = last ? state : "exception",
                ["reasonCreated"] = i == 0 ? "scheduled" : "retry",
                ["reasonResolved"] = last ? state : "worker-shutdown",
                ["workerGroup"] = workerGroup,
                ["workerId"] = workerId,
                ["takenUntil"] = "2026-12-01T10:20:00.000Z",
                ["scheduled"] = "2026-12-01T10:00:00.000Z",
                ["started"] = "2026-12-01T10:00:05.000Z",
                ["resolved"] = "2026-12-01T10:14:31.512Z",
            });
        }
        return new JsonObject
        {
            ["version"] = 1,
            ["status"] = new JsonObject
            {
                ["taskId"] = taskId,
                ["provisionerId"] = "proj-releng",
                ["workerType"] = "b-linux",
                ["taskQueueId"] = "proj-releng/b-linux",
                ["schedulerId"] = "taskcluster-github",
                ["projectId"] = "none",
                ["taskGroupId"] = GroupId,
                ["priority"] = "lowest",
                ["deadline"] = "2026-12-02T10:00:00.000Z",
                ["expires"] = "2027-12-01T10:00:00.000Z",
                ["retriesLeft"] = 4,
                ["state"] = state,
                ["runs"] = runs,
            },
            ["runId"] = runId,
            ["task"] = new JsonObject { ["tags"] = new JsonObject { ["kind"] = "build", ["createdForUser"] = "someone@example.com" } },
            ["workerGroup"] = workerGroup,
            ["workerId"] = workerId,
        };
    }

    public static string Text(this JsonObject body) => body.ToJsonString();

    /// <summary>The same message without one property.</summary>
    public static JsonObject Without(this JsonObject body, string property)
    {
        var copy = (JsonObject)body.DeepClone();
        copy.Remove(property);
        return copy;
    }
}

/// <summary>Collects the messages a typed handler gets and lets a test await a number of them.</summary>
internal sealed class TypedReceived<TMessage>
{
    private readonly Collector<Message<TMessage>> _messages = new();

    public TypedReceived(Listener listener, Binding<TMessage> binding) => listener.OnMessage(binding, Handle);

    public IReadOnlyList<Message<TMessage>> Messages => _messages.Items;

    public Task Handle(Message<TMessage> message, CancellationToken cancellationToken) => _messages.Add(message);

    public Task WaitForAsync(int count) => _messages.WaitForAsync(count);
}
