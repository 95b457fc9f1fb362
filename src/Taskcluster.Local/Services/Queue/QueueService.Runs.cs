using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>Runs: claiming work from a task queue, reclaiming, and resolving (with retries for exceptions that ask for them).</summary>
internal sealed partial class QueueService
{
    private static readonly string[] s_exceptionReasons = { "worker-shutdown", "malformed-payload", "resource-unavailable", "internal-error", "intermittent-task" };

    /// <summary>
    /// Claims up to <c>tasks</c> pending tasks of the queue, highest priority first, then oldest. Unlike TaskCluster,
    /// which holds the request open for about 20 seconds when there is no work, the stand-in answers at once (with
    /// an empty list), so a test that expects nothing does not wait.
    /// </summary>
    private async Task<ServiceResponse> ClaimWorkAsync(ServiceRequest request)
    {
        string taskQueueId = request.Route("taskQueueId");
        SplitTaskQueueId(taskQueueId);
        var payload = request.RequirePayloadObject();
        string workerGroup = ServiceRequest.RequireString(payload, "workerGroup", "claimWork");
        string workerId = ServiceRequest.RequireString(payload, "workerId", "claimWork");
        int wanted = 1;
        if (payload["tasks"] is { } count && (count is not JsonValue value || !value.TryGetValue(out wanted) || wanted is < 1 or > 32))
            throw ServiceError.BadRequest("'tasks' must be an integer from 1 to 32.");

        var claims = new JsonArray();
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            var now = _context.Now;
            var pending = _tasks.Values
                .Where(t => t.Definition.TaskQueueId == taskQueueId && t.State == "pending" && t.Definition.Deadline > now)
                .OrderBy(t => ((IList<string>)TaskDefinition.PriorityLevels).IndexOf(t.Definition.Priority))
                .ThenBy(t => t.Runs[^1].Scheduled)
                .ThenBy(t => t.Sequence)
                .Take(wanted)
                .ToList();
            foreach (var task in pending)
            {
                var run = task.Runs[^1];
                run.State = "running";
                run.WorkerGroup = workerGroup;
                run.WorkerId = workerId;
                run.Started = now;
                run.TakenUntil = now + _context.ClaimTimeout;
                var claim = ClaimJson(task, run);
                claim["task"] = task.Definition.Json.DeepClone();
                claims.Add(claim);
                events.Add(TaskEvent(task, "taskRunning", run));
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(new JsonObject { ["tasks"] = claims });
    }

    private JsonObject ReclaimTask(ServiceRequest request)
    {
        lock (_gate)
        {
            var task = FindLocked(request.Route("taskId"));
            var run = FindRunLocked(task, request.RouteInt("runId"));
            if (task.Definition.Deadline <= _context.Now)
                throw ServiceError.Conflict($"Task '{task.TaskId}' cannot be reclaimed past its deadline {LocalContext.Iso(task.Definition.Deadline)}.");
            if (run.RunId != task.Runs.Count - 1 || run.State != "running")
                throw ServiceError.Conflict($"Run {run.RunId} of task '{task.TaskId}' is {run.State}, not running: stop working on it.");
            run.TakenUntil = _context.Now + _context.ClaimTimeout;
            return ClaimJson(task, run);
        }
    }

    /// <summary>reportCompleted and reportFailed: the running run resolves as <paramref name="state"/>; repeating it is idempotent.</summary>
    private async Task<ServiceResponse> ResolveAsync(ServiceRequest request, string state)
    {
        string taskId = request.Route("taskId");
        var events = new List<PendingEvent>();
        bool resolvedNow = false;
        lock (_gate)
        {
            var task = FindLocked(taskId);
            var run = FindRunLocked(task, request.RouteInt("runId"));
            if (run.State != "running" && run.State != state)
                throw ServiceError.Conflict($"Run {run.RunId} of task '{taskId}' is {run.State}; only a running run can be reported {state}.");
            if (run.State == "running")
            {
                run.State = state;
                run.ReasonResolved = state;
                run.Resolved = _context.Now;
                events.Add(TaskEvent(task, state == "completed" ? "taskCompleted" : "taskFailed", run));
                events.AddRange(AfterResolutionLocked(task));
                resolvedNow = true;
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        if (resolvedNow && TaskResolved is { } handler) await handler(taskId, state == "completed").ConfigureAwait(false);
        return ServiceResponse.Ok(new JsonObject { ["status"] = StatusOf(taskId) });
    }

    /// <summary>
    /// reportException: the run resolves as exception. A <c>worker-shutdown</c> or <c>intermittent-task</c> gets a
    /// new pending run while retries are left (reason <c>retry</c>/<c>task-retry</c>); otherwise the task is
    /// resolved and taskException is published.
    /// </summary>
    private async Task<ServiceResponse> ReportExceptionAsync(ServiceRequest request)
    {
        string taskId = request.Route("taskId");
        string reason = ServiceRequest.RequireString(request.RequirePayloadObject(), "reason", "reportException");
        if (!s_exceptionReasons.Contains(reason))
            throw ServiceError.BadRequest($"reason must be one of {string.Join(", ", s_exceptionReasons)}, not '{reason}'.");
        var events = new List<PendingEvent>();
        bool resolvedNow = false;
        lock (_gate)
        {
            var task = FindLocked(taskId);
            var run = FindRunLocked(task, request.RouteInt("runId"));
            bool repeated = run.State == "exception" && run.ReasonResolved == reason;
            if (run.State != "running" && !repeated)
                throw ServiceError.Conflict($"Run {run.RunId} of task '{taskId}' is {run.State}; only a running run can be reported as an exception.");
            if (!repeated)
            {
                run.State = "exception";
                run.ReasonResolved = reason;
                run.Resolved = _context.Now;
                string? retryReason = reason switch { "worker-shutdown" => "retry", "intermittent-task" => "task-retry", _ => null };
                if (retryReason is not null && task.RetriesLeft > 0 && task.Runs.Count < MaxRuns)
                {
                    task.RetriesLeft--;
                    events.Add(AddRunLocked(task, retryReason));
                }
                else
                {
                    events.Add(TaskEvent(task, "taskException", run));
                    events.AddRange(AfterResolutionLocked(task));
                    resolvedNow = true;
                }
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        if (resolvedNow && TaskResolved is { } handler) await handler(taskId, false).ConfigureAwait(false);
        return ServiceResponse.Ok(new JsonObject { ["status"] = StatusOf(taskId) });
    }

    /// <summary>A claim as claimWork and reclaimTask answer it, with fresh task credentials good until the claim ends.</summary>
    private JsonObject ClaimJson(TaskRecord task, RunRecord run) => new()
    {
        ["status"] = task.ToStatusJson(),
        ["runId"] = run.RunId,
        ["workerGroup"] = run.WorkerGroup,
        ["workerId"] = run.WorkerId,
        ["takenUntil"] = LocalContext.Iso(run.TakenUntil!.Value),
        ["credentials"] = TaskCredentials(task, run),
    };

    /// <summary>
    /// Temporary credentials for one run, named and scoped as TaskCluster's queue makes them: the task's own scopes
    /// plus reclaiming, resolving and creating artifacts for this run, expiring with the claim. Issued by the root
    /// client, as the queue issues them with its own credentials.
    /// </summary>
    private JsonObject TaskCredentials(TaskRecord task, RunRecord run)
    {
        var takenUntil = run.TakenUntil!.Value;
        string until = (takenUntil.ToUnixTimeMilliseconds() / 1000m).ToString(CultureInfo.InvariantCulture);
        string runScope = task.TaskId + "/" + run.RunId.ToString(CultureInfo.InvariantCulture);
        var scopes = new List<string> { "queue:reclaim-task:" + runScope, "queue:resolve-task:" + runScope, "queue:create-artifact:" + runScope };
        scopes.AddRange(task.Definition.Scopes);
        var credentials = _context.RootClient.Credentials.CreateTemporary(new TemporaryCredentialsOptions
        {
            ClientId = $"task-client/{task.TaskId}/{run.RunId}/on/{run.WorkerGroup}/{run.WorkerId}/until/{until}",
            Scopes = scopes,
            Start = _context.Now,
            Expiry = takenUntil,
            TimeProvider = _context.Clock,
        });
        return new JsonObject
        {
            ["clientId"] = credentials.ClientId,
            ["accessToken"] = credentials.AccessToken,
            ["certificate"] = credentials.Certificate,
        };
    }
}
