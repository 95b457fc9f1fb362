using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>
/// The queue's events, shaped by today's message schemas and routing keys. They are captured under the queue's lock
/// (so each carries the status of its own moment) and published after it is released.
/// </summary>
internal sealed partial class QueueService
{
    private sealed record PendingEvent(string Exchange, Dictionary<string, string?> Routing, JsonObject Message, IReadOnlyList<string> Routes);

    /// <summary>
    /// A task event: <c>{version, status, runId, workerGroup, workerId, takenUntil (running only), task: {tags}}</c>
    /// as far as the run has them, keyed <c>primary.taskId.runId.workerGroup.workerId.provisionerId.workerType.
    /// schedulerId.taskGroupId._</c> (<c>_</c> for what does not apply), CC'ed to <c>route.&lt;route&gt;</c> for each route.
    /// </summary>
    private static PendingEvent TaskEvent(TaskRecord task, string exchange, RunRecord? run, bool withTask = true, Action<JsonObject>? extra = null)
    {
        var message = new JsonObject { ["version"] = 1, ["status"] = task.ToStatusJson() };
        if (run is not null)
        {
            message["runId"] = run.RunId;
            if (run.WorkerGroup is not null)
            {
                message["workerGroup"] = run.WorkerGroup;
                message["workerId"] = run.WorkerId;
            }
            if (exchange == "taskRunning" && run.TakenUntil is { } takenUntil) message["takenUntil"] = LocalContext.Iso(takenUntil);
        }
        if (withTask) message["task"] = task.PulseTask();
        extra?.Invoke(message);
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
        return new PendingEvent(exchange, routing, message, d.Routes);
    }

    /// <summary>A task-group event: <c>{version, taskGroupId, schedulerId, expires}</c>, keyed <c>primary.taskGroupId.schedulerId._</c>, never CC'ed.</summary>
    private static PendingEvent GroupEvent(TaskGroupRecord group, string exchange)
    {
        var message = new JsonObject
        {
            ["version"] = 1,
            ["taskGroupId"] = group.TaskGroupId,
            ["schedulerId"] = group.SchedulerId,
            ["expires"] = LocalContext.Iso(group.Expires),
        };
        var routing = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["taskGroupId"] = group.TaskGroupId,
            ["schedulerId"] = group.SchedulerId,
        };
        return new PendingEvent(exchange, routing, message, Array.Empty<string>());
    }

    private async Task PublishAsync(List<PendingEvent> events)
    {
        if (_context.Publisher is not { } publisher) return;
        foreach (var pending in events)
        {
            await publisher.PublishAsync(Events, pending.Exchange, pending.Routing, pending.Message, pending.Routes).ConfigureAwait(false);
        }
    }
}
