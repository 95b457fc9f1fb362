using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

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
        Handlers = new Dictionary<string, Func<ServiceRequest, Task<ServiceResponse>>>(StringComparer.Ordinal)
        {
            ["ping"] = request => ServiceResponse.OkAsync(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds }),
            ["createTask"] = request => CreateTaskAsync(request),
            ["task"] = request => ServiceResponse.OkAsync(Find(request.Route("taskId")).Definition.Json.DeepClone()),
            ["status"] = request => ServiceResponse.OkAsync(new JsonObject { ["status"] = StatusOf(request.Route("taskId")) }),
            ["listTaskGroup"] = request => ServiceResponse.OkAsync(ListTaskGroup(request)),
            ["scheduleTask"] = request => ScheduleTaskAsync(request.Route("taskId")),
            ["rerunTask"] = request => RerunTaskAsync(request.Route("taskId")),
            ["claimWork"] = request => ClaimWorkAsync(request),
            ["reclaimTask"] = request => ServiceResponse.OkAsync(ReclaimTask(request)),
            ["reportCompleted"] = request => ResolveAsync(request, "completed"),
            ["reportFailed"] = request => ResolveAsync(request, "failed"),
            ["reportException"] = request => ReportExceptionAsync(request),
            ["createArtifact"] = request => CreateArtifactAsync(request),
            ["getArtifact"] = request => Task.FromResult(GetArtifact(request, latest: false)),
            ["getLatestArtifact"] = request => Task.FromResult(GetArtifact(request, latest: true)),
            ["artifact"] = request => ServiceResponse.OkAsync(ArtifactContent(request, latest: false)),
            ["latestArtifact"] = request => ServiceResponse.OkAsync(ArtifactContent(request, latest: true)),
            ["artifactInfo"] = request => ServiceResponse.OkAsync(ArtifactInfo(request, latest: false)),
            ["latestArtifactInfo"] = request => ServiceResponse.OkAsync(ArtifactInfo(request, latest: true)),
            ["listArtifacts"] = request => ServiceResponse.OkAsync(ListArtifacts(request, latest: false)),
            ["listLatestArtifacts"] = request => ServiceResponse.OkAsync(ListArtifacts(request, latest: true)),
            ["pendingTasks"] = request => ServiceResponse.OkAsync(PendingTasks(request.Route("taskQueueId"))),
            ["taskQueueCounts"] = request => ServiceResponse.OkAsync(TaskQueueCounts(request.Route("taskQueueId"))),
        };
    }

    /// <summary>Raised after a task is resolved for good (completed, or failed/exception without a retry), so the scheduler can move its graphs on.</summary>
    public event Func<string, bool, Task>? TaskResolved;

    public string Name => "queue";

    public string PathPrefix => "/api/queue/v1";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public QueueEvents Events { get; } = new();

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, JsonNode? payload, IDictionary<string, object?> parameters)
    {
        switch (entry.Name)
        {
            case "createTask":
                AddCreateTaskParameters(routeValues["taskId"], payload as JsonObject ?? new JsonObject(), parameters);
                return;
            case "claimWork":
                var request = payload as JsonObject ?? new JsonObject();
                parameters["workerGroup"] = ServiceRequest.RequireString(request, "workerGroup", entry.Name);
                parameters["workerId"] = ServiceRequest.RequireString(request, "workerId", entry.Name);
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

    private JsonObject StatusOf(string taskId)
    {
        lock (_gate) return FindLocked(taskId).ToStatusJson();
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
