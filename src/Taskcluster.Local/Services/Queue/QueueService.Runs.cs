using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Taskcluster.Models;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local;

/// <summary>Runs: claiming work from a task queue, reclaiming, and resolving (with retries for exceptions that ask for them).</summary>
internal sealed partial class QueueService
{
    private static readonly TaskExceptionRequestReason[] s_exceptionReasons =
    {
        TaskExceptionRequestReason.WorkerShutdown, TaskExceptionRequestReason.MalformedPayload, TaskExceptionRequestReason.ResourceUnavailable,
        TaskExceptionRequestReason.InternalError, TaskExceptionRequestReason.IntermittentTask,
    };

    /// <summary>
    /// What the schema asks of a claimWork payload beyond the model's types: a worker named by non-empty identifiers,
    /// and 1 to 32 tasks.
    /// </summary>
    private static ClaimWorkRequest CheckedClaim(ClaimWorkRequest claim)
    {
        if (claim.WorkerGroup.Length == 0) throw ServiceError.InvalidInput("'claimWork' payload needs a non-empty workerGroup.");
        if (claim.WorkerId.Length == 0) throw ServiceError.InvalidInput("'claimWork' payload needs a non-empty workerId.");
        if (claim.Tasks is < 1 or > 32) throw ServiceError.InvalidInput("'tasks' must be an integer from 1 to 32.");
        return claim;
    }

    /// <summary>
    /// Claims up to <c>tasks</c> pending tasks of the queue, highest priority first, then oldest. Unlike TaskCluster,
    /// which holds the request open for about 20 seconds when there is no work, the stand-in answers at once (with
    /// an empty list), so a test that expects nothing does not wait.
    /// </summary>
    private async Task<ServiceResponse> ClaimWorkAsync(ServiceRequest request)
    {
        string taskQueueId = request.Route("taskQueueId");
        SplitTaskQueueId(taskQueueId);
        var claimRequest = CheckedClaim(request.Input<ClaimWorkRequest>());

        var claims = new List<ClaimWorkResponseTasksItem>();
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            var now = _context.Now;
            var pending = _tasks.Values
                .Where(t => t.Definition.TaskQueueId == taskQueueId && t.State == TaskStatusState.Pending && t.Definition.Deadline > now)
                .OrderBy(t => TaskDefinition.PriorityRank(t.Definition.Priority))
                .ThenBy(t => t.Runs[^1].Scheduled)
                .ThenBy(t => t.Sequence)
                .Take(claimRequest.Tasks)
                .ToList();
            foreach (var task in pending)
            {
                var run = task.Runs[^1];
                run.State = TaskStatusRunsItemState.Running;
                run.WorkerGroup = claimRequest.WorkerGroup;
                run.WorkerId = claimRequest.WorkerId;
                run.Started = now;
                run.TakenUntil = now + _context.ClaimTimeout;
                claims.Add(new ClaimWorkResponseTasksItem
                {
                    Status = task.ToStatus(),
                    RunId = run.RunId,
                    WorkerGroup = run.WorkerGroup,
                    WorkerId = run.WorkerId,
                    TakenUntil = run.TakenUntil.Value,
                    Credentials = IssueCredentials(task, run),
                    Task = task.Definition.ToModel(),
                });
                events.Add(TaskRunningEvent(task, run));
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(new ClaimWorkResponse { Tasks = claims }, QueueJsonContext.Default.ClaimWorkResponse);
    }

    private TaskReclaimResponse ReclaimTask(ServiceRequest request)
    {
        lock (_gate)
        {
            var task = FindLocked(request.Route("taskId"));
            var run = FindRunLocked(task, request.RouteInt("runId"));
            if (task.Definition.Deadline <= _context.Now)
                throw ServiceError.Conflict($"Task '{task.TaskId}' cannot be reclaimed past its deadline {LocalContext.Iso(task.Definition.Deadline)}.");
            if (run.RunId != task.Runs.Count - 1 || run.State != TaskStatusRunsItemState.Running)
                throw ServiceError.Conflict($"Run {run.RunId} of task '{task.TaskId}' is {run.StateName}, not running: stop working on it.");
            run.TakenUntil = _context.Now + _context.ClaimTimeout;
            return new TaskReclaimResponse
            {
                Status = task.ToStatus(),
                RunId = run.RunId,
                WorkerGroup = run.WorkerGroup!,
                WorkerId = run.WorkerId!,
                TakenUntil = run.TakenUntil.Value,
                Credentials = IssueCredentials(task, run),
            };
        }
    }

    /// <summary>reportCompleted and reportFailed: the running run resolves as <paramref name="state"/>; repeating it is idempotent.</summary>
    private async Task<ServiceResponse> ResolveAsync(ServiceRequest request, TaskStatusRunsItemState state)
    {
        string taskId = request.Route("taskId");
        bool completed = state == TaskStatusRunsItemState.Completed;
        string outcome = completed ? "completed" : "failed";
        var events = new List<PendingEvent>();
        bool resolvedNow = false;
        lock (_gate)
        {
            var task = FindLocked(taskId);
            var run = FindRunLocked(task, request.RouteInt("runId"));
            if (run.State != TaskStatusRunsItemState.Running && run.State != state)
                throw ServiceError.Conflict($"Run {run.RunId} of task '{taskId}' is {run.StateName}; only a running run can be reported {outcome}.");
            if (run.State == TaskStatusRunsItemState.Running)
            {
                run.State = state;
                run.ReasonResolved = completed ? TaskStatusRunsItemReasonResolved.Completed : TaskStatusRunsItemReasonResolved.Failed;
                run.Resolved = _context.Now;
                events.Add(completed ? TaskCompletedEvent(task, run) : TaskFailedEvent(task, run));
                events.AddRange(AfterResolutionLocked(task));
                resolvedNow = true;
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        if (resolvedNow && TaskResolved is { } handler) await handler(taskId, completed).ConfigureAwait(false);
        return ServiceResponse.Ok(StatusOf(taskId), QueueJsonContext.Default.TaskStatusResponse);
    }

    /// <summary>
    /// reportException: the run resolves as exception. A <c>worker-shutdown</c> or <c>intermittent-task</c> gets a
    /// new pending run while retries are left (reason <c>retry</c>/<c>task-retry</c>); otherwise the task is
    /// resolved and taskException is published.
    /// </summary>
    private async Task<ServiceResponse> ReportExceptionAsync(ServiceRequest request)
    {
        string taskId = request.Route("taskId");
        var reason = request.Input<TaskExceptionRequest>().Reason;
        // A reason outside the schema's enum reads as Unknown: the model keeps it for a client, the server refuses it.
        if (!s_exceptionReasons.Contains(reason))
        {
            throw ServiceError.InvalidInput(
                $"reason must be one of {string.Join(", ", s_exceptionReasons.Select(r => WireName.Of(r, QueueJsonContext.Default.TaskExceptionRequestReason)))}.");
        }
        var resolvedReason = reason switch
        {
            TaskExceptionRequestReason.WorkerShutdown => TaskStatusRunsItemReasonResolved.WorkerShutdown,
            TaskExceptionRequestReason.MalformedPayload => TaskStatusRunsItemReasonResolved.MalformedPayload,
            TaskExceptionRequestReason.ResourceUnavailable => TaskStatusRunsItemReasonResolved.ResourceUnavailable,
            TaskExceptionRequestReason.InternalError => TaskStatusRunsItemReasonResolved.InternalError,
            _ => TaskStatusRunsItemReasonResolved.IntermittentTask,
        };
        var events = new List<PendingEvent>();
        bool resolvedNow = false;
        lock (_gate)
        {
            var task = FindLocked(taskId);
            var run = FindRunLocked(task, request.RouteInt("runId"));
            bool repeated = run.State == TaskStatusRunsItemState.Exception && run.ReasonResolved == resolvedReason;
            if (run.State != TaskStatusRunsItemState.Running && !repeated)
                throw ServiceError.Conflict($"Run {run.RunId} of task '{taskId}' is {run.StateName}; only a running run can be reported as an exception.");
            if (!repeated)
            {
                run.State = TaskStatusRunsItemState.Exception;
                run.ReasonResolved = resolvedReason;
                run.Resolved = _context.Now;
                TaskStatusRunsItemReasonCreated? retryReason = reason switch
                {
                    TaskExceptionRequestReason.WorkerShutdown => TaskStatusRunsItemReasonCreated.Retry,
                    TaskExceptionRequestReason.IntermittentTask => TaskStatusRunsItemReasonCreated.TaskRetry,
                    _ => null,
                };
                if (retryReason is { } retry && task.RetriesLeft > 0 && task.Runs.Count < MaxRuns)
                {
                    task.RetriesLeft--;
                    events.Add(AddRunLocked(task, retry));
                }
                else
                {
                    events.Add(TaskExceptionEvent(task, run));
                    events.AddRange(AfterResolutionLocked(task));
                    resolvedNow = true;
                }
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        if (resolvedNow && TaskResolved is { } handler) await handler(taskId, false).ConfigureAwait(false);
        return ServiceResponse.Ok(StatusOf(taskId), QueueJsonContext.Default.TaskStatusResponse);
    }

    /// <summary>
    /// Temporary credentials for one run, named and scoped as TaskCluster's queue makes them: the task's own scopes
    /// plus reclaiming, resolving and creating artifacts for this run, expiring with the claim. Issued by the root
    /// client, as the queue issues them with its own credentials.
    /// </summary>
    private TaskCredentials IssueCredentials(TaskRecord task, RunRecord run)
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
        return new TaskCredentials
        {
            ClientId = credentials.ClientId,
            AccessToken = credentials.AccessToken,
            Certificate = credentials.Certificate ?? throw new InvalidOperationException("Temporary credentials always have a certificate."),
        };
    }
}
