using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local;

/// <summary>
/// Today's queue, in memory: tasks with dependencies and task groups, runs claimed through task queues (exactly one
/// concurrent claim wins), resolution with retries, artifacts of every storage type but <c>object</c>, and each
/// transition published on the queue's exchanges. Split by concept: tasks and groups (QueueService.Tasks.cs), runs
/// and claims (QueueService.Runs.cs), artifacts (QueueService.Artifacts.cs) and events (QueueService.Events.cs).
/// </summary>
internal sealed partial class QueueService : ILocalService
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TaskRecord> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskGroupRecord> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _dependents = new(StringComparer.Ordinal);
    private readonly LocalContext _context;
    private long _sequence;

    public QueueService(LocalContext context)
    {
        _context = context;
        Entries = new Queue(new ClientOptions { RootUrl = "http://localhost" }).Entries;
        var queue = QueueJsonContext.Default;
        Inputs = new Dictionary<string, InputModel>(StringComparer.Ordinal)
        {
            ["createTask"] = CreateTaskInput,
            ["claimWork"] = InputModel.Of(queue.ClaimWorkRequest, claim => [("", claim.ExtensionData)]),
            ["reportException"] = InputModel.Of(queue.TaskExceptionRequest, exception => [("", exception.ExtensionData)]),
            // A storage type this SDK does not know reads as a kind of its own, every other property in its
            // ExtensionData; those are not judged until the kind is known, and createArtifact refuses the kind by name.
            ["createArtifact"] = InputModel.Of(queue.PostArtifactRequest,
                artifact => IsKnownStorageType(artifact) ? [("", artifact.ExtensionData)] : []),
        };
        Handlers = new Dictionary<string, Func<ServiceRequest, Task<ServiceResponse>>>(StringComparer.Ordinal)
        {
            // ping has no output schema: its answer is plain JSON.
            ["ping"] = request => ServiceResponse.JsonAsync(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds }),
            ["createTask"] = request => CreateTaskAsync(request),
            ["task"] = request => ServiceResponse.OkAsync(Find(request.Route("taskId")).Definition.ToModel(), queue.TaskModel),
            ["status"] = request => ServiceResponse.OkAsync(StatusOf(request.Route("taskId")), queue.TaskStatusResponse),
            ["listTaskGroup"] = request => ServiceResponse.OkAsync(ListTaskGroup(request), queue.ListTaskGroupResponse),
            ["listDependentTasks"] = request => ServiceResponse.OkAsync(ListDependentTasks(request), queue.ListDependentTasksResponse),
            ["scheduleTask"] = request => ScheduleTaskAsync(request.Route("taskId")),
            ["rerunTask"] = request => RerunTaskAsync(request.Route("taskId")),
            ["claimWork"] = request => ClaimWorkAsync(request),
            ["reclaimTask"] = request => ServiceResponse.OkAsync(ReclaimTask(request), queue.TaskReclaimResponse),
            ["reportCompleted"] = request => ResolveAsync(request, TaskStatusRunsItemState.Completed),
            ["reportFailed"] = request => ResolveAsync(request, TaskStatusRunsItemState.Failed),
            ["reportException"] = request => ReportExceptionAsync(request),
            ["createArtifact"] = request => CreateArtifactAsync(request),
            ["getArtifact"] = request => Task.FromResult(GetArtifact(request, latest: false)),
            ["getLatestArtifact"] = request => Task.FromResult(GetArtifact(request, latest: true)),
            ["artifact"] = request => ServiceResponse.OkAsync(ArtifactContent(request, latest: false), queue.ArtifactContentResponse),
            ["latestArtifact"] = request => ServiceResponse.OkAsync(ArtifactContent(request, latest: true), queue.ArtifactContentResponse),
            ["artifactInfo"] = request => ServiceResponse.OkAsync(ArtifactInfo(request, latest: false), queue.ArtifactResponse),
            ["latestArtifactInfo"] = request => ServiceResponse.OkAsync(ArtifactInfo(request, latest: true), queue.ArtifactResponse),
            ["listArtifacts"] = request => ServiceResponse.OkAsync(ListArtifacts(request, latest: false), queue.ListArtifactsResponse),
            ["listLatestArtifacts"] = request => ServiceResponse.OkAsync(ListArtifacts(request, latest: true), queue.ListArtifactsResponse),
            ["pendingTasks"] = request => ServiceResponse.OkAsync(PendingTasks(request.Route("taskQueueId")), queue.PendingTasksResponse),
            ["taskQueueCounts"] = request => ServiceResponse.OkAsync(TaskQueueCounts(request.Route("taskQueueId")), queue.TaskQueueCountsResponse),
        };
    }

    /// <summary>
    /// How a task definition is read, by createTask and by the legacy scheduler for the tasks of a graph: the
    /// create-task-request model, which like its <c>metadata</c> allows no properties beyond the schema's.
    /// </summary>
    public static InputModel CreateTaskInput { get; } = InputModel.Of(QueueJsonContext.Default.CreateTaskRequest,
        task => [("", task.ExtensionData), ("metadata.", task.Metadata.ExtensionData)]);

    /// <summary>Raised after a task is resolved for good (completed, or failed/exception without a retry), so the scheduler can move its graphs on.</summary>
    public event Func<string, bool, Task>? TaskResolved;

    public string Name => "queue";

    public string PathPrefix => "/api/queue/v1";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public QueueEvents Events { get; } = new();

    public IReadOnlyDictionary<string, InputModel> Inputs { get; }

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, object? input, IDictionary<string, object?> parameters)
    {
        switch (entry.Name)
        {
            case "createTask":
                AddCreateTaskParameters(routeValues["taskId"], (CreateTaskRequest)input!, parameters);
                return;
            case "claimWork":
                var claim = CheckedClaim((ClaimWorkRequest)input!);
                parameters["workerGroup"] = claim.WorkerGroup;
                parameters["workerId"] = claim.WorkerId;
                return;
            case "listTaskGroup":
                lock (_gate) FindGroupLocked(routeValues["taskGroupId"]);
                return;
        }
        if (routeValues.TryGetValue("name", out var name)) parameters["names"] = new List<string> { name };
        if (!routeValues.TryGetValue("taskId", out var taskId)) return;

        // TaskCluster answers a createArtifact for a task or run it cannot find with 400, everything else with 404.
        bool creatingArtifact = entry.Name == "createArtifact";
        lock (_gate)
        {
            if (!_tasks.TryGetValue(taskId, out var task))
            {
                string message = $"Task '{taskId}' does not exist.";
                throw creatingArtifact ? ServiceError.BadRequest(message) : ServiceError.NotFound(message);
            }
            var d = task.Definition;
            parameters["schedulerId"] = d.SchedulerId;
            parameters["taskGroupId"] = d.TaskGroupId;
            parameters["projectId"] = d.ProjectId;
            parameters["taskQueueId"] = d.TaskQueueId;
            parameters["provisionerId"] = d.ProvisionerId;
            parameters["workerType"] = d.WorkerType;
            if (!routeValues.TryGetValue("runId", out var runText)) return;
            int runId = ServiceRequest.ParseRunId(runText);
            if (runId >= task.Runs.Count)
            {
                string message = $"Task '{taskId}' has no run {runId}.";
                throw creatingArtifact ? ServiceError.BadRequest(message) : ServiceError.NotFound(message);
            }
            var run = task.Runs[runId];
            if (run.WorkerGroup is null || run.WorkerId is null)
            {
                if (creatingArtifact) throw ServiceError.BadRequest($"Run {runId} of task '{taskId}' was never claimed, so it can have no artifacts.");
                return;
            }
            parameters["workerGroup"] = run.WorkerGroup;
            parameters["workerId"] = run.WorkerId;
        }
    }

    public IReadOnlyDictionary<string, Func<ServiceRequest, Task<ServiceResponse>>> Handlers { get; }

    private TaskStatusResponse StatusOf(string taskId)
    {
        lock (_gate) return new TaskStatusResponse { Status = FindLocked(taskId).ToStatus() };
    }

    private TaskRecord Find(string taskId)
    {
        lock (_gate) return FindLocked(taskId);
    }

    private TaskRecord FindLocked(string taskId)
        => _tasks.TryGetValue(taskId, out var task) ? task : throw ServiceError.NotFound($"Task '{taskId}' does not exist.");

    private TaskGroupRecord FindGroupLocked(string taskGroupId)
        => _groups.TryGetValue(taskGroupId, out var group) ? group : throw ServiceError.NotFound($"Task group '{taskGroupId}' does not exist.");

    private static RunRecord FindRunLocked(TaskRecord task, int runId)
        => runId < task.Runs.Count ? task.Runs[runId] : throw ServiceError.NotFound($"Task '{task.TaskId}' has no run {runId}.");
}
