using System;
using System.Text.Json.Nodes;

namespace Taskcluster.Local.Tests;

/// <summary>Task definitions that satisfy the stand-in's createTask checks.</summary>
internal static class TaskDefinitions
{
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
            ["metadata"] = new JsonObject { ["name"] = "test", ["owner"] = "test@example.com" },
        };
    }
}
