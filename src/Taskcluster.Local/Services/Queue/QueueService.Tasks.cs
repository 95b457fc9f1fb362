using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local;

/// <summary>Tasks, their dependencies and task groups.</summary>
internal sealed partial class QueueService
{
    private const int MaxRuns = 50;

    /// <summary>
    /// createTask's scope parameters, as TaskCluster's queue fills them: the task's routes and scopes (each needed),
    /// its schedulerId and projectId, and the list of priorities at or above its own (any one of whose create-task
    /// scopes will do).
    /// </summary>
    private void AddCreateTaskParameters(string taskId, CreateTaskRequest request, IDictionary<string, object?> parameters)
    {
        var d = TaskDefinition.Normalize(taskId, request, _context.Now);
        parameters["priorities"] = d.AcceptablePriorities();
        parameters["routes"] = new List<string>(d.Routes);
        parameters["scopes"] = new List<string>(d.Scopes);
        parameters["schedulerId"] = d.SchedulerId;
        parameters["projectId"] = d.ProjectId;
        parameters["taskGroupId"] = d.TaskGroupId;
        parameters["provisionerId"] = d.ProvisionerId;
        parameters["workerType"] = d.WorkerType;
        parameters["taskQueueId"] = d.TaskQueueId;
    }

    /// <summary>Checks a definition without creating anything, for a service that creates tasks on someone's behalf.</summary>
    public TaskDefinition Validate(string taskId, CreateTaskRequest definition) => TaskDefinition.Normalize(taskId, definition, _context.Now);

    /// <summary>Creates a task on behalf of another service (the scheduler), optionally left unscheduled until it says so.</summary>
    public async Task DefineInternalAsync(string taskId, CreateTaskRequest definition, bool holdUnscheduled)
    {
        var events = Define(TaskDefinition.Normalize(taskId, definition, _context.Now), holdUnscheduled);
        await PublishAsync(events).ConfigureAwait(false);
    }

    /// <summary>Schedules a task on behalf of another service.</summary>
    public Task ScheduleInternalAsync(string taskId) => ScheduleTaskAsync(taskId);

    /// <summary>Reruns a resolved task on behalf of another service.</summary>
    public Task RerunInternalAsync(string taskId) => RerunTaskAsync(taskId);

    private async Task<ServiceResponse> CreateTaskAsync(ServiceRequest request)
    {
        string taskId = request.Route("taskId");
        var definition = TaskDefinition.Normalize(taskId, request.Input<CreateTaskRequest>(), _context.Now);
        var events = Define(definition, holdUnscheduled: false);
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(StatusOf(taskId), QueueJsonContext.Default.TaskStatusResponse);
    }

    private List<PendingEvent> Define(TaskDefinition definition, bool holdUnscheduled)
    {
        string taskId = definition.TaskId;
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            if (_tasks.TryGetValue(taskId, out var existing))
            {
                // Creating the same task twice is idempotent; a different definition under the same id is a conflict.
                if (existing.Definition.Canonical == definition.Canonical) return events;
                throw ServiceError.Conflict($"taskId '{taskId}' is already used by a task with a different definition.");
            }
            var missing = definition.Dependencies.Where(d => d != taskId && !_tasks.ContainsKey(d)).ToList();
            if (missing.Count > 0)
                throw ServiceError.BadRequest($"The task depends on tasks that do not exist: {string.Join(", ", missing)}.");
            if (_groups.TryGetValue(definition.TaskGroupId, out var group))
            {
                if (group.SchedulerId != definition.SchedulerId)
                {
                    throw ServiceError.Conflict(
                        $"Task group '{definition.TaskGroupId}' holds tasks with schedulerId '{group.SchedulerId}'; " +
                        $"every task in a group must have the same schedulerId, not '{definition.SchedulerId}'.");
                }
                if (definition.Expires > group.Expires) group.Expires = definition.Expires;
            }
            else
            {
                group = new TaskGroupRecord(definition.TaskGroupId, definition.SchedulerId, definition.Expires);
                _groups[group.TaskGroupId] = group;
            }

            var task = new TaskRecord(definition, ++_sequence);
            _tasks[taskId] = task;
            group.Members.Add(task);
            foreach (string dependency in definition.Dependencies)
            {
                if (!_dependents.TryGetValue(dependency, out var list)) _dependents[dependency] = list = new List<string>();
                list.Add(taskId);
            }
            events.Add(TaskDefinedEvent(task));
            if (!holdUnscheduled && DependenciesSatisfiedLocked(task)) events.Add(AddRunLocked(task, TaskStatusRunsItemReasonCreated.Scheduled));
        }
        return events;
    }

    private bool DependenciesSatisfiedLocked(TaskRecord task)
    {
        foreach (string dependency in task.Definition.Dependencies)
        {
            // A task that depends on itself waits for scheduleTask, as in TaskCluster.
            if (dependency == task.TaskId || !_tasks.TryGetValue(dependency, out var other)) return false;
            bool satisfied = task.Definition.Requires == TaskRequires.AllResolved ? other.IsResolved : other.State == TaskStatusState.Completed;
            if (!satisfied) return false;
        }
        return true;
    }

    /// <summary>Adds a pending run and returns its taskPending event.</summary>
    private PendingEvent AddRunLocked(TaskRecord task, TaskStatusRunsItemReasonCreated reasonCreated)
    {
        var run = new RunRecord(task.Runs.Count, reasonCreated, _context.Now);
        task.Runs.Add(run);
        return TaskPendingEvent(task, run);
    }

    private ListTaskGroupResponse ListTaskGroup(ServiceRequest request)
    {
        lock (_gate)
        {
            var group = FindGroupLocked(request.Route("taskGroupId"));
            var page = Paging.Page(group.Members, t => t.Sequence.ToString("D19", CultureInfo.InvariantCulture), request, out var token);
            return new ListTaskGroupResponse
            {
                TaskGroupId = group.TaskGroupId,
                SchedulerId = group.SchedulerId,
                Expires = group.Expires,
                Tasks = page.Select(task => task.ToDefinitionAndStatus()).ToList(),
                ContinuationToken = token,
            };
        }
    }

    /// <summary>The tasks whose dependencies name a task, in the order they were created, paged as listTaskGroup is.</summary>
    private ListDependentTasksResponse ListDependentTasks(ServiceRequest request)
    {
        string taskId = request.Route("taskId");
        lock (_gate)
        {
            FindLocked(taskId);
            var dependents = _dependents.TryGetValue(taskId, out var ids) ? ids.Select(id => _tasks[id]) : Enumerable.Empty<TaskRecord>();
            var page = Paging.Page(dependents, t => t.Sequence.ToString("D19", CultureInfo.InvariantCulture), request, out var token);
            return new ListDependentTasksResponse
            {
                TaskId = taskId,
                Tasks = page.Select(task => task.ToDefinitionAndStatus()).ToList(),
                ContinuationToken = token,
            };
        }
    }

    private async Task<ServiceResponse> ScheduleTaskAsync(string taskId)
    {
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            var task = FindLocked(taskId);
            if (task.Runs.Count == 0)
            {
                if (task.Definition.Deadline <= _context.Now)
                    throw ServiceError.Conflict($"Task '{taskId}' cannot be scheduled past its deadline {LocalContext.Iso(task.Definition.Deadline)}.");
                events.Add(AddRunLocked(task, TaskStatusRunsItemReasonCreated.Scheduled));
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(StatusOf(taskId), QueueJsonContext.Default.TaskStatusResponse);
    }

    private async Task<ServiceResponse> RerunTaskAsync(string taskId)
    {
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            var task = FindLocked(taskId);
            if (task.Definition.Deadline <= _context.Now)
                throw ServiceError.Conflict($"Task '{taskId}' cannot be rerun past its deadline {LocalContext.Iso(task.Definition.Deadline)}.");
            // Idempotent: a task that is pending or running already has the run a rerun would make.
            if (task.State is not (TaskStatusState.Pending or TaskStatusState.Running))
            {
                if (task.Runs.Count >= MaxRuns) throw ServiceError.Conflict($"Task '{taskId}' has reached the maximum of {MaxRuns} runs.");
                task.RetriesLeft = task.Definition.Retries;
                events.Add(AddRunLocked(task, task.Runs.Count == 0 ? TaskStatusRunsItemReasonCreated.Scheduled : TaskStatusRunsItemReasonCreated.Rerun));
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(StatusOf(taskId), QueueJsonContext.Default.TaskStatusResponse);
    }

    /// <summary>
    /// What follows a task's final resolution: dependents whose dependencies are now satisfied get their first run,
    /// and a group with no unresolved task left is announced resolved.
    /// </summary>
    private List<PendingEvent> AfterResolutionLocked(TaskRecord task)
    {
        var events = new List<PendingEvent>();
        if (_dependents.TryGetValue(task.TaskId, out var dependents))
        {
            foreach (string dependentId in dependents)
            {
                var dependent = _tasks[dependentId];
                if (dependent.Runs.Count == 0 && DependenciesSatisfiedLocked(dependent)) events.Add(AddRunLocked(dependent, TaskStatusRunsItemReasonCreated.Scheduled));
            }
        }
        var group = _groups[task.Definition.TaskGroupId];
        if (group.Members.All(member => member.IsResolved)) events.Add(TaskGroupResolvedEvent(group));
        return events;
    }

    private PendingTasksResponse PendingTasks(string taskQueueId)
    {
        var (provisionerId, workerType) = SplitTaskQueueId(taskQueueId);
        lock (_gate)
        {
            return new PendingTasksResponse
            {
                ProvisionerId = provisionerId,
                WorkerType = workerType,
                TaskQueueId = taskQueueId,
                PendingTasks = CountLocked(taskQueueId, TaskStatusState.Pending),
            };
        }
    }

    private TaskQueueCountsResponse TaskQueueCounts(string taskQueueId)
    {
        var (provisionerId, workerType) = SplitTaskQueueId(taskQueueId);
        lock (_gate)
        {
            return new TaskQueueCountsResponse
            {
                ProvisionerId = provisionerId,
                WorkerType = workerType,
                TaskQueueId = taskQueueId,
                PendingTasks = CountLocked(taskQueueId, TaskStatusState.Pending),
                ClaimedTasks = CountLocked(taskQueueId, TaskStatusState.Running),
            };
        }
    }

    private long CountLocked(string taskQueueId, TaskStatusState state)
        => _tasks.Values.Count(t => t.Definition.TaskQueueId == taskQueueId && t.State == state);

    private static (string ProvisionerId, string WorkerType) SplitTaskQueueId(string taskQueueId)
    {
        int slash = taskQueueId.IndexOf('/');
        if (slash <= 0 || slash == taskQueueId.Length - 1)
            throw ServiceError.BadRequest($"taskQueueId '{taskQueueId}' must have the form <provisionerId>/<workerType>.");
        return (taskQueueId.Substring(0, slash), taskQueueId.Substring(slash + 1));
    }
}
