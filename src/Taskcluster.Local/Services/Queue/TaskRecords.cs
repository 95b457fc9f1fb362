using System;
using System.Collections.Generic;
using Taskcluster.Models;
using Taskcluster.Models.Queue;

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

    /// <summary>The task's state: its last run's, or unscheduled before it has one.</summary>
    public TaskStatusState State => Runs.Count == 0 ? TaskStatusState.Unscheduled : Runs[^1].State switch
    {
        TaskStatusRunsItemState.Pending => TaskStatusState.Pending,
        TaskStatusRunsItemState.Running => TaskStatusState.Running,
        TaskStatusRunsItemState.Completed => TaskStatusState.Completed,
        TaskStatusRunsItemState.Failed => TaskStatusState.Failed,
        TaskStatusRunsItemState.Exception => TaskStatusState.Exception,
        var other => throw new InvalidOperationException($"A run of task '{TaskId}' is in no state a run can have ({other})."),
    };

    public bool IsResolved => State is TaskStatusState.Completed or TaskStatusState.Failed or TaskStatusState.Exception;

    /// <summary>The task's status as task-status.json describes it, a snapshot of this moment.</summary>
    public TaskStatusModel ToStatus()
    {
        var runs = new List<TaskStatusRunsItem>(Runs.Count);
        foreach (var run in Runs) runs.Add(run.ToModel());
        var d = Definition;
        return new TaskStatusModel
        {
            TaskId = d.TaskId,
            ProvisionerId = d.ProvisionerId,
            WorkerType = d.WorkerType,
            TaskQueueId = d.TaskQueueId,
            SchedulerId = d.SchedulerId,
            ProjectId = d.ProjectId,
            TaskGroupId = d.TaskGroupId,
            Priority = d.Priority,
            Deadline = d.Deadline,
            Expires = d.Expires,
            RetriesLeft = RetriesLeft,
            State = State,
            Runs = runs,
        };
    }

    /// <summary>A task and its status together, as listTaskGroup lists them.</summary>
    public TaskDefinitionAndStatus ToDefinitionAndStatus() => new() { Task = Definition.ToModel(), Status = ToStatus() };
}

/// <summary>One run of a task.</summary>
internal sealed class RunRecord
{
    public RunRecord(int runId, TaskStatusRunsItemReasonCreated reasonCreated, DateTimeOffset scheduled)
    {
        RunId = runId;
        ReasonCreated = reasonCreated;
        Scheduled = scheduled;
    }

    public int RunId { get; }
    public TaskStatusRunsItemState State { get; set; } = TaskStatusRunsItemState.Pending;
    public TaskStatusRunsItemReasonCreated ReasonCreated { get; }
    public TaskStatusRunsItemReasonResolved? ReasonResolved { get; set; }
    public string? WorkerGroup { get; set; }
    public string? WorkerId { get; set; }
    public DateTimeOffset Scheduled { get; }
    public DateTimeOffset? Started { get; set; }
    public DateTimeOffset? Resolved { get; set; }
    public DateTimeOffset? TakenUntil { get; set; }
    public SortedDictionary<string, ArtifactRecord> Artifacts { get; } = new(StringComparer.Ordinal);

    /// <summary>The state's wire name (<c>running</c>), for messages.</summary>
    public string StateName => WireName.Of(State, QueueJsonContext.Default.TaskStatusRunsItemState);

    public TaskStatusRunsItem ToModel() => new()
    {
        RunId = RunId,
        State = State,
        ReasonCreated = ReasonCreated,
        ReasonResolved = ReasonResolved,
        Scheduled = Scheduled,
        WorkerGroup = WorkerGroup,
        WorkerId = WorkerId,
        TakenUntil = TakenUntil,
        Started = Started,
        Resolved = Resolved,
    };
}

/// <summary>
/// An artifact of a run. What it points at depends on its storage type (<c>s3</c>, <c>reference</c>, <c>link</c> or
/// <c>error</c>, as the wire names them): <see cref="Token"/> in the <see cref="ArtifactStore"/> (<c>s3</c>),
/// <see cref="Url"/> (<c>reference</c>), <see cref="LinkTarget"/> (<c>link</c>, an artifact of the same run), or
/// <see cref="Reason"/> and <see cref="Message"/> (<c>error</c>).
/// </summary>
internal sealed record ArtifactRecord(string Name, string StorageType, string ContentType, DateTimeOffset Expires)
{
    public string? Token { get; init; }
    public string? Url { get; init; }
    public string? LinkTarget { get; init; }
    public PostArtifactRequestErrorReason? Reason { get; init; }
    public string? Message { get; init; }

    /// <summary>The error reason's wire name (<c>file-missing-on-worker</c>), for the 424 body and artifact content.</summary>
    public string ReasonName => WireName.Of(Reason!.Value, QueueJsonContext.Default.PostArtifactRequestErrorReason);

    /// <summary>The artifact as artifact-response.json describes it (artifactInfo, listArtifacts).</summary>
    public ArtifactResponse ToResponse() => new()
    {
        StorageType = StorageType switch
        {
            "s3" => ArtifactResponseStorageType.S3,
            "reference" => ArtifactResponseStorageType.Reference,
            "link" => ArtifactResponseStorageType.Link,
            "error" => ArtifactResponseStorageType.Error,
            _ => throw UnknownStorageType(),
        },
        Name = Name,
        Expires = Expires,
        ContentType = ContentType,
    };

    /// <summary>The artifact as an artifactCreated message carries it (its schema has no <c>s3</c>, which is never announced).</summary>
    public ArtifactCreatedMessageArtifact ToCreatedMessage() => new()
    {
        StorageType = StorageType switch
        {
            "reference" => ArtifactCreatedMessageArtifactStorageType.Reference,
            "link" => ArtifactCreatedMessageArtifactStorageType.Link,
            "error" => ArtifactCreatedMessageArtifactStorageType.Error,
            _ => throw UnknownStorageType(),
        },
        Name = Name,
        Expires = Expires,
        ContentType = ContentType,
    };

    private InvalidOperationException UnknownStorageType() => new($"Artifact '{Name}' has a storage type the stand-in does not keep: '{StorageType}'.");
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
