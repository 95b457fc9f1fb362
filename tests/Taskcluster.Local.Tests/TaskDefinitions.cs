using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Taskcluster.Local.Tests;

/// <summary>Task definitions that satisfy the stand-in's createTask checks, and the scopes creating them takes.</summary>
internal static class TaskDefinitions
{
    /// <summary>A task for <c>provisionerId/workerType</c> with the given routes; change fields on the result as a test needs.</summary>
    public static JsonObject Valid(string provisionerId = "prov", string workerType = "wt", params string[] routes)
    {
        var routeArray = new JsonArray();
        foreach (string route in routes) routeArray.Add(route);
        return new JsonObject
        {
            ["provisionerId"] = provisionerId,
            ["workerType"] = workerType,
            ["created"] = DateTime.UtcNow.ToString("O"),
            ["deadline"] = DateTime.UtcNow.AddHours(1).ToString("O"),
            ["routes"] = routeArray,
            ["payload"] = new JsonObject { ["command"] = "true" },
            ["metadata"] = new JsonObject
            {
                ["name"] = "test",
                ["description"] = "a test task",
                ["owner"] = "test@example.com",
                ["source"] = "https://example.com/test",
            },
        };
    }

    /// <summary>A task addressed the way today's clients address it, by taskQueueId only.</summary>
    public static JsonObject InQueue(string taskQueueId, string? taskGroupId = null)
    {
        var task = Valid();
        task.Remove("provisionerId");
        task.Remove("workerType");
        task["taskQueueId"] = taskQueueId;
        if (taskGroupId is not null) task["taskGroupId"] = taskGroupId;
        return task;
    }

    /// <summary>
    /// What createTask needs for a task made by <see cref="Valid"/>: its project (none) and scheduler (-), and the
    /// create-task scope for its priority (lowest) on its task queue.
    /// </summary>
    public static string[] CreateScopes(string provisionerId = "prov", string workerType = "wt")
        => new[] { "queue:create-task:project:none", "queue:scheduler-id:-", $"queue:create-task:lowest:{provisionerId}/{workerType}" };

    /// <summary>A task queue of its own, so that claimWork in one test never takes another test's task.</summary>
    public static string UniqueQueue() => "prov/wt-" + Guid.NewGuid().ToString("N").Substring(0, 12);

    public static List<string> Strings(params string[] items) => new(items);
}
