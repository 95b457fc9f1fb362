using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local;

/// <summary>
/// The queue's events, each built as the model of its exchange's message schema and keyed by today's routing keys.
/// They are captured under the queue's lock (so each carries the status of its own moment) and published after it is
/// released.
/// </summary>
internal sealed partial class QueueService
{
    /// <summary>An event to publish: the message is a model, written with <see cref="MessageType"/>.</summary>
    private sealed record PendingEvent(string Exchange, Dictionary<string, string?> Routing, object Message, JsonTypeInfo MessageType, IReadOnlyList<string> Routes);

    private const int MessageVersion = 1;

    private static PendingEvent TaskDefinedEvent(TaskRecord task)
        => TaskEvent(task, "taskDefined", null, new TaskDefinedMessage
        {
            Version = MessageVersion,
            Status = task.ToStatus(),
            Task = task.Definition.ToPulseDefinition(),
        }, QueueJsonContext.Default.TaskDefinedMessage);

    /// <summary>taskPending: a new run waits; it has no worker yet.</summary>
    private static PendingEvent TaskPendingEvent(TaskRecord task, RunRecord run)
        => TaskEvent(task, "taskPending", run, new TaskPendingMessage
        {
            Version = MessageVersion,
            Status = task.ToStatus(),
            RunId = run.RunId,
            Task = new TaskPendingMessageTask { Tags = task.Definition.Tags },
        }, QueueJsonContext.Default.TaskPendingMessage);

    private static PendingEvent TaskRunningEvent(TaskRecord task, RunRecord run)
        => TaskEvent(task, "taskRunning", run, new TaskRunningMessage
        {
            Version = MessageVersion,
            Status = task.ToStatus(),
            RunId = run.RunId,
            WorkerGroup = run.WorkerGroup!,
            WorkerId = run.WorkerId!,
            TakenUntil = run.TakenUntil!.Value,
            Task = task.Definition.ToPulseDefinition(),
        }, QueueJsonContext.Default.TaskRunningMessage);

    private static PendingEvent TaskCompletedEvent(TaskRecord task, RunRecord run)
        => TaskEvent(task, "taskCompleted", run, new TaskCompletedMessage
        {
            Version = MessageVersion,
            Status = task.ToStatus(),
            RunId = run.RunId,
            WorkerGroup = run.WorkerGroup!,
            WorkerId = run.WorkerId!,
            Task = task.Definition.ToPulseDefinition(),
        }, QueueJsonContext.Default.TaskCompletedMessage);

    private static PendingEvent TaskFailedEvent(TaskRecord task, RunRecord run)
        => TaskEvent(task, "taskFailed", run, new TaskFailedMessage
        {
            Version = MessageVersion,
            Status = task.ToStatus(),
            RunId = run.RunId,
            WorkerGroup = run.WorkerGroup!,
            WorkerId = run.WorkerId!,
            Task = task.Definition.ToPulseDefinition(),
        }, QueueJsonContext.Default.TaskFailedMessage);

    /// <summary>taskException: the run, and its worker when it had one (the schema lets a run that never ran have none).</summary>
    private static PendingEvent TaskExceptionEvent(TaskRecord task, RunRecord run)
        => TaskEvent(task, "taskException", run, new TaskExceptionMessage
        {
            Version = MessageVersion,
            Status = task.ToStatus(),
            RunId = run.RunId,
            WorkerGroup = run.WorkerGroup,
            WorkerId = run.WorkerGroup is null ? null : run.WorkerId,
            Task = task.Definition.ToPulseDefinition(),
        }, QueueJsonContext.Default.TaskExceptionMessage);

    /// <summary>artifactCreated: the artifact instead of the task's tags.</summary>
    private static PendingEvent ArtifactCreatedEvent(TaskRecord task, RunRecord run, ArtifactRecord artifact)
        => TaskEvent(task, "artifactCreated", run, new ArtifactCreatedMessage
        {
            Version = MessageVersion,
            Status = task.ToStatus(),
            RunId = run.RunId,
            WorkerGroup = run.WorkerGroup!,
            WorkerId = run.WorkerId!,
            Artifact = artifact.ToCreatedMessage(),
        }, QueueJsonContext.Default.ArtifactCreatedMessage);

    /// <summary>
    /// A task event keyed <c>primary.taskId.runId.workerGroup.workerId.provisionerId.workerType.schedulerId.taskGroupId._</c>
    /// (<c>_</c> for what does not apply) and CC'ed to <c>route.&lt;route&gt;</c> for each of the task's routes.
    /// </summary>
    private static PendingEvent TaskEvent<T>(TaskRecord task, string exchange, RunRecord? run, T message, JsonTypeInfo<T> type)
        where T : class
    {
        var d = task.Definition;
        var routing = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["taskId"] = d.TaskId,
            ["runId"] = run?.RunId.ToString(CultureInfo.InvariantCulture),
            ["workerGroup"] = run?.WorkerGroup,
            ["workerId"] = run?.WorkerId,
            ["provisionerId"] = d.ProvisionerId,
            ["workerType"] = d.WorkerType,
            ["schedulerId"] = d.SchedulerId,
            ["taskGroupId"] = d.TaskGroupId,
        };
        return new PendingEvent(exchange, routing, message, type, d.Routes);
    }

    /// <summary>taskGroupResolved, keyed <c>primary.taskGroupId.schedulerId._</c> and never CC'ed.</summary>
    private static PendingEvent TaskGroupResolvedEvent(TaskGroupRecord group)
    {
        var message = new TaskGroupChangedMessage
        {
            Version = MessageVersion,
            TaskGroupId = group.TaskGroupId,
            SchedulerId = group.SchedulerId,
            Expires = group.Expires,
        };
        var routing = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["taskGroupId"] = group.TaskGroupId,
            ["schedulerId"] = group.SchedulerId,
        };
        return new PendingEvent("taskGroupResolved", routing, message, QueueJsonContext.Default.TaskGroupChangedMessage, Array.Empty<string>());
    }

    private async Task PublishAsync(List<PendingEvent> events)
    {
        if (_context.Publisher is not { } publisher) return;
        foreach (var pending in events)
        {
            await publisher.PublishAsync(Events, pending.Exchange, pending.Routing, pending.Message, pending.MessageType, pending.Routes)
                .ConfigureAwait(false);
        }
    }
}
