using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Taskcluster.Local;

/// <summary>A task the queue holds: its definition as given and its runs. Guarded by the queue's lock.</summary>
internal sealed class TaskRecord
{
    public TaskRecord(string taskId, JsonObject definition, string canonical)
    {
        TaskId = taskId;
        Definition = definition;
        Canonical = canonical;
    }

    public string TaskId { get; }
    public JsonObject Definition { get; }
    public string Canonical { get; }
    public required string ProvisionerId { get; init; }
    public required string WorkerType { get; init; }
    public required string SchedulerId { get; init; }
    public required string TaskGroupId { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset Expires { get; init; }
    public required int RetriesLeft { get; init; }
    public required List<string> Routes { get; init; }
    public List<RunRecord> Runs { get; } = new();

    public string State => Runs.Count == 0 ? "unscheduled" : Runs[^1].State;

    public JsonObject ToStatusJson()
    {
        var runs = new JsonArray();
        foreach (var run in Runs) runs.Add(run.ToJson());
        return new JsonObject
        {
            ["taskId"] = TaskId,
            ["provisionerId"] = ProvisionerId,
            ["workerType"] = WorkerType,
            ["schedulerId"] = SchedulerId,
            ["taskGroupId"] = TaskGroupId,
            ["deadline"] = QueueService.Iso(Deadline),
            ["expires"] = QueueService.Iso(Expires),
            ["retriesLeft"] = RetriesLeft,
            ["state"] = State,
            ["runs"] = runs,
        };
    }
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
    public Dictionary<string, ArtifactRecord> Artifacts { get; } = new(StringComparer.Ordinal);

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["runId"] = RunId,
            ["state"] = State,
            ["reasonCreated"] = ReasonCreated,
            ["scheduled"] = QueueService.Iso(Scheduled),
        };
        if (ReasonResolved is not null) json["reasonResolved"] = ReasonResolved;
        if (WorkerGroup is not null) json["workerGroup"] = WorkerGroup;
        if (WorkerId is not null) json["workerId"] = WorkerId;
        if (TakenUntil is { } takenUntil) json["takenUntil"] = QueueService.Iso(takenUntil);
        if (Started is { } started) json["started"] = QueueService.Iso(started);
        if (Resolved is { } resolved) json["resolved"] = QueueService.Iso(resolved);
        return json;
    }
}

/// <summary>An artifact of a run; its bytes live in the <see cref="ArtifactStore"/> under <see cref="Token"/>.</summary>
internal sealed record ArtifactRecord(string Name, string StorageType, string ContentType, DateTimeOffset Expires, string Token)
{
    public JsonObject ToJson() => new()
    {
        ["storageType"] = StorageType,
        ["name"] = Name,
        ["expires"] = QueueService.Iso(Expires),
        ["contentType"] = ContentType,
    };
}

/// <summary>What every service of one stand-in shares: clock, root URL, artifact storage and the event publisher.</summary>
internal sealed class LocalContext
{
    private readonly DateTimeOffset _started;

    public LocalContext(LocalTaskclusterOptions options, IReadOnlyList<LocalClient> clients)
    {
        Clock = options.TimeProvider;
        ClaimTimeout = options.ClaimTimeout;
        AmqpConnectionString = options.AmqpConnectionString;
        Clients = clients;
        _started = Clock.GetUtcNow();
    }

    public TimeProvider Clock { get; }
    public TimeSpan ClaimTimeout { get; }
    public string? AmqpConnectionString { get; }
    public IReadOnlyList<LocalClient> Clients { get; }
    public ArtifactStore Artifacts { get; } = new();
    public string RootUrl { get; set; } = string.Empty;
    public EventPublisher? Publisher { get; set; }
    public DateTimeOffset Now => Clock.GetUtcNow();
    public double UptimeSeconds => Math.Round((Now - _started).TotalSeconds, 3);
}
