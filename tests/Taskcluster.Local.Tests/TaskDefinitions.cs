using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests;

/// <summary>Task definitions that satisfy the stand-in's createTask checks, and the scopes creating them takes.</summary>
internal static class TaskDefinitions
{
    /// <summary>A task for <c>provisionerId/workerType</c> with the given routes; change properties on the result as a test needs.</summary>
    public static CreateTaskRequest Valid(string provisionerId = "prov", string workerType = "wt", params string[] routes) => new()
    {
        ProvisionerId = provisionerId,
        WorkerType = workerType,
        Created = DateTimeOffset.UtcNow,
        Deadline = DateTimeOffset.UtcNow.AddHours(1),
        Routes = routes,
        Payload = new JsonObject { ["command"] = "true" },
        Metadata = new TaskMetadata
        {
            Name = "test",
            Description = "a test task",
            Owner = "test@example.com",
            Source = "https://example.com/test",
        },
    };

    /// <summary>A task addressed the way today's clients address it, by taskQueueId only.</summary>
    public static CreateTaskRequest InQueue(string taskQueueId, string? taskGroupId = null)
    {
        var task = Valid();
        task.ProvisionerId = null;
        task.WorkerType = null;
        task.TaskQueueId = taskQueueId;
        task.TaskGroupId = taskGroupId;
        return task;
    }

    /// <summary>
    /// The wire JSON of <paramref name="task"/>, for the few places that need it untyped: a definition the typed model
    /// cannot express (one missing a property the schema requires), sent through the by-name <c>CallAsync</c>, and the
    /// tasks inside a legacy scheduler's task graph.
    /// </summary>
    public static JsonObject Json(CreateTaskRequest task)
        => JsonSerializer.SerializeToNode(task, QueueJsonContext.Default.CreateTaskRequest)!.AsObject();

    /// <summary>
    /// A task graph for the legacy 2014 scheduler, whose client is still untyped. It is built from JSON nodes, which an
    /// untyped payload is written from as they are; anonymous objects would need reflection metadata that the client's
    /// default serializer options do not provide (they fail with NotSupportedException).
    /// </summary>
    public static JsonObject TaskGraph(params JsonObject[] nodes) => new() { ["tasks"] = new JsonArray(nodes) };

    /// <summary>One node of a <see cref="TaskGraph"/>: <paramref name="task"/> as <paramref name="taskId"/>, after <paramref name="requires"/>.</summary>
    public static JsonObject GraphNode(string taskId, JsonObject task, string[] requires, int? reruns = null)
    {
        var node = new JsonObject { ["taskId"] = taskId, ["requires"] = new JsonArray(requires.Select(r => (JsonNode?)r).ToArray()) };
        if (reruns is not null) node["reruns"] = reruns;
        node["task"] = task;
        return node;
    }

    /// <summary>
    /// What createTask needs for a task made by <see cref="Valid"/>: its project (none) and scheduler (-), and the
    /// create-task scope for its priority (lowest) on its task queue.
    /// </summary>
    public static string[] CreateScopes(string provisionerId = "prov", string workerType = "wt")
        => new[] { "queue:create-task:project:none", "queue:scheduler-id:-", $"queue:create-task:lowest:{provisionerId}/{workerType}" };

    /// <summary>A task queue of its own, so that claimWork in one test never takes another test's task.</summary>
    public static string UniqueQueue() => "prov/wt-" + Guid.NewGuid().ToString("N").Substring(0, 12);

    /// <summary>The claimWork payload of one worker, asking for up to <paramref name="tasks"/> tasks.</summary>
    public static ClaimWorkRequest Claim(string workerGroup = "g", string workerId = "w", int tasks = 1)
        => new() { WorkerGroup = workerGroup, WorkerId = workerId, Tasks = tasks };
}
