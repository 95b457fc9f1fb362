using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Taskcluster.Local;

/// <summary>A task the queue holds: its normalized definition and its runs. Guarded by the queue's lock.</summary>
internal sealed class TaskRecord
{
    public TaskRecord(TaskDefinition definition, long sequence)
    {
        Definition = definition;
        Sequence = sequence;
        RetriesLeft = definition.Retries;
    }

    public TaskDefinition Definition { get; }

    /// <summary>Creation order across the queue: listTaskGroup pages in this order.</summary>
    public long Sequence { get; }

    public string TaskId => Definition.TaskId;
    public int RetriesLeft { get; set; }
    public List<RunRecord> Runs { get; } = new();

    public string State => Runs.Count == 0 ? "unscheduled" : Runs[^1].State;

    public bool IsResolved => State is "completed" or "failed" or "exception";

    public JsonObject ToStatusJson()
    {
        var runs = new JsonArray();
        foreach (var run in Runs) runs.Add(run.ToJson());
        var d = Definition;
        return new JsonObject
        {
            ["taskId"] = d.TaskId,
            ["provisionerId"] = d.ProvisionerId,
            ["workerType"] = d.WorkerType,
            ["taskQueueId"] = d.TaskQueueId,
            ["schedulerId"] = d.SchedulerId,
            ["projectId"] = d.ProjectId,
            ["taskGroupId"] = d.TaskGroupId,
            ["priority"] = d.Priority,
            ["deadline"] = LocalContext.Iso(d.Deadline),
            ["expires"] = LocalContext.Iso(d.Expires),
            ["retriesLeft"] = RetriesLeft,
            ["state"] = State,
            ["runs"] = runs,
        };
    }

    /// <summary>What task messages carry of the task itself (task-pulse-definition: its tags).</summary>
    public JsonObject PulseTask() => new() { ["tags"] = Definition.Json["tags"]!.DeepClone() };
}

/// <summary>One run of a task.</summary>
internal sealed class RunRecord
{
    public RunRecord(int runId, string reasonCreated, DateTimeOffset scheduled)
    {
        RunId = runId;
        ReasonCreated = reasonCreated;
        Scheduled = scheduled;
    }

    public int RunId { get; }
    public string State { get; set; } = "pending";
    public string ReasonCreated { get; }
    public string? ReasonResolved { get; set; }
    public string? WorkerGroup { get; set; }
    public string? WorkerId { get; set; }
    public DateTimeOffset Scheduled { get; }
    public DateTimeOffset? Started { get; set; }
    public DateTimeOffset? Resolved { get; set; }
    public DateTimeOffset? TakenUntil { get; set; }
    public SortedDictionary<string, ArtifactRecord> Artifacts { get; } = new(StringComparer.Ordinal);

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["runId"] = RunId,
            ["state"] = State,
            ["reasonCreated"] = ReasonCreated,
            ["scheduled"] = LocalContext.Iso(Scheduled),
        };
        if (ReasonResolved is not null) json["reasonResolved"] = ReasonResolved;
        if (WorkerGroup is not null) json["workerGroup"] = WorkerGroup;
        if (WorkerId is not null) json["workerId"] = WorkerId;
        if (TakenUntil is { } takenUntil) json["takenUntil"] = LocalContext.Iso(takenUntil);
        if (Started is { } started) json["started"] = LocalContext.Iso(started);
        if (Resolved is { } resolved) json["resolved"] = LocalContext.Iso(resolved);
        return json;
    }
}

/// <summary>
/// An artifact of a run. What it points at depends on its storage type: <see cref="Token"/> in the
/// <see cref="ArtifactStore"/> (<c>s3</c>), <see cref="Url"/> (<c>reference</c>), <see cref="LinkTarget"/> (<c>link</c>, an
/// artifact of the same run), or <see cref="Reason"/> and <see cref="Message"/> (<c>error</c>).
/// </summary>
internal sealed record ArtifactRecord(string Name, string StorageType, string ContentType, DateTimeOffset Expires)
{
    public string? Token { get; init; }
    public string? Url { get; init; }
    public string? LinkTarget { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }

    public JsonObject ToJson() => new()
    {
        ["storageType"] = StorageType,
        ["name"] = Name,
        ["expires"] = LocalContext.Iso(Expires),
        ["contentType"] = ContentType,
    };
}

/// <summary>A task group: every task in it shares the group's schedulerId, and it expires with its last task.</summary>
internal sealed class TaskGroupRecord
{
    public TaskGroupRecord(string taskGroupId, string schedulerId, DateTimeOffset expires)
    {
        TaskGroupId = taskGroupId;
        SchedulerId = schedulerId;
        Expires = expires;
    }

    public string TaskGroupId { get; }
    public string SchedulerId { get; }
    public DateTimeOffset Expires { get; set; }
    public List<TaskRecord> Members { get; } = new();
}
