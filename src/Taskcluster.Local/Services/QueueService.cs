using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>
/// The queue, in memory: tasks and their runs, claims (exactly one concurrent claim wins), completion, reruns and
/// artifacts, publishing each transition on the queue's exchanges.
/// </summary>
internal sealed class QueueService : ILocalService
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TaskRecord> _tasks = new(StringComparer.Ordinal);
    private readonly LocalContext _context;
    private readonly QueueEvents _events;

    public QueueService(LocalContext context)
    {
        _context = context;
        _events = new QueueEvents();
        Entries = new Queue(new ClientOptions { BaseUrl = "http://localhost/" }).Entries;
    }

    /// <summary>Raised after a run is resolved (completed or failed), so the scheduler can move its graphs on.</summary>
    public event Func<string, bool, Task>? TaskResolved;

    public string Name => "queue";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public QueueEvents Events => _events;

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, System.Text.Json.Nodes.JsonNode? payload, IDictionary<string, string> parameters)
    {
        if (entry.Name is "createTask" or "defineTask") ValidateDefinition(payload as JsonObject ?? new JsonObject());
        if (!routeValues.TryGetValue("taskId", out var taskId)) return;
        lock (_gate)
        {
            if (!_tasks.TryGetValue(taskId, out var task))
            {
                if (entry.Name is "createTask" or "defineTask") return;
                throw ServiceError.NotFound($"Task '{taskId}' does not exist.");
            }
            if (entry.Name is "reportCompleted" or "reclaimTask" or "createArtifact")
            {
                var run = FindRunLocked(task, ParseRunId(routeValues["runId"]));
                if (run.State != "running") throw ServiceError.Conflict($"Run {run.RunId} of task '{taskId}' is {run.State}, not running.");
            }
            parameters.TryAdd("provisionerId", task.ProvisionerId);
            parameters.TryAdd("workerType", task.WorkerType);
            parameters.TryAdd("schedulerId", task.SchedulerId);
            parameters.TryAdd("taskGroupId", task.TaskGroupId);
            if (routeValues.TryGetValue("runId", out var runText) && int.TryParse(runText, out int runId)
                && runId >= 0 && runId < task.Runs.Count && task.Runs[runId].WorkerGroup is { } group)
            {
                parameters.TryAdd("workerGroup", group);
                parameters.TryAdd("workerId", task.Runs[runId].WorkerId!);
            }
        }
    }

    public Task<ServiceResponse>? Handle(ServiceRequest request) => request.Entry.Name switch
    {
        "createTask" => CreateTaskAsync(request, schedule: true),
        "defineTask" => CreateTaskAsync(request, schedule: false),
        "scheduleTask" => ScheduleTaskAsync(request.Route("taskId")),
        "getTask" => Task.FromResult(ServiceResponse.Ok(Find(request.Route("taskId")).Definition.DeepClone())),
        "status" => Task.FromResult(ServiceResponse.Ok(new JsonObject { ["status"] = StatusOf(request.Route("taskId")) })),
        "claimTask" => ClaimTaskAsync(request),
        "reclaimTask" => Task.FromResult(ReclaimTask(request)),
        "claimWork" => ClaimWorkAsync(request),
        "reportCompleted" => ReportCompletedAsync(request),
        "rerunTask" => RerunTaskAsync(request.Route("taskId")),
        "createArtifact" => CreateArtifactAsync(request),
        "getArtifact" => Task.FromResult(GetArtifact(request.Route("taskId"), request.RouteInt("runId"), request.Route("name"))),
        "getLastestArtifact" => Task.FromResult(GetArtifact(request.Route("taskId"), null, request.Route("name"))),
        "listArtifacts" => Task.FromResult(ListArtifacts(request.Route("taskId"), request.RouteInt("runId"))),
        "listLatestArtifacts" => Task.FromResult(ListArtifacts(request.Route("taskId"), null)),
        "getPendingTasks" => Task.FromResult(PendingTasks(request.Route("provisionerId"))),
        "getAMQPConnectionString" => Task.FromResult(_context.AmqpConnectionString is { } url
            ? ServiceResponse.Ok(new JsonObject { ["url"] = url })
            : throw ServiceError.NotFound("This stand-in was started without an AMQP connection string.")),
        "ping" => Task.FromResult(ServiceResponse.Ok(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds })),
        _ => null,
    };

    /// <summary>Defines (and optionally schedules) a task on behalf of another service, such as the scheduler.</summary>
    public async Task DefineInternalAsync(string taskId, JsonObject definition, bool schedule)
    {
        var published = DefineLocked(taskId, definition, schedule);
        await PublishAsync(published).ConfigureAwait(false);
    }

    /// <summary>Schedules an unscheduled task on behalf of another service.</summary>
    public Task ScheduleInternalAsync(string taskId) => ScheduleTaskAsync(taskId);

    private async Task<ServiceResponse> CreateTaskAsync(ServiceRequest request, bool schedule)
    {
        string taskId = request.Route("taskId");
        var published = DefineLocked(taskId, request.RequirePayloadObject(), schedule);
        await PublishAsync(published).ConfigureAwait(false);
        return ServiceResponse.Ok(new JsonObject { ["status"] = StatusOf(taskId) });
    }

    private DateTimeOffset ValidateDefinition(JsonObject payload)
    {
        const string entry = "createTask";
        ServiceRequest.RequireString(payload, "provisionerId", entry);
        ServiceRequest.RequireString(payload, "workerType", entry);
        ServiceRequest.RequireDate(payload, "created", entry);
        var deadline = ServiceRequest.RequireDate(payload, "deadline", entry);
        if (payload["payload"] is not JsonObject) throw ServiceError.BadRequest($"'{entry}' payload needs an object field 'payload'.");
        if (deadline <= _context.Now) throw ServiceError.BadRequest("'deadline' must be in the future.");
        return deadline;
    }

    private static int ParseRunId(string text)
        => int.TryParse(text, out int runId) && runId >= 0 ? runId : throw ServiceError.BadRequest($"'runId' must be a non-negative integer, not '{text}'.");

    private List<PendingEvent> DefineLocked(string taskId, JsonObject payload, bool schedule)
    {
        const string entry = "createTask";
        var deadline = ValidateDefinition(payload);
        string provisionerId = ServiceRequest.RequireString(payload, "provisionerId", entry);
        string workerType = ServiceRequest.RequireString(payload, "workerType", entry);
        var routes = new List<string>();
        if (payload["routes"] is JsonArray routeArray)
        {
            foreach (var route in routeArray) routes.Add(route?.GetValue<string>() ?? throw ServiceError.BadRequest("'routes' must hold strings."));
        }

        string canonical = payload.ToJsonString();
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            if (_tasks.TryGetValue(taskId, out var existing))
            {
                // Creating the same task twice is idempotent; a different definition under the same id is a conflict.
                if (existing.Canonical == canonical) return events;
                throw ServiceError.Conflict($"Task '{taskId}' already exists with a different definition.");
            }
            var task = new TaskRecord(taskId, (JsonObject)payload.DeepClone(), canonical)
            {
                ProvisionerId = provisionerId,
                WorkerType = workerType,
                SchedulerId = OptionalString(payload, "schedulerId") ?? "-",
                TaskGroupId = OptionalString(payload, "taskGroupId") ?? taskId,
                Deadline = deadline,
                Expires = OptionalString(payload, "expires") is { } expires
                    ? DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture)
                    : deadline.AddYears(1),
                RetriesLeft = payload["retries"] is JsonValue retries && retries.TryGetValue(out int count) ? count : 5,
                Routes = routes,
            };
            _tasks[taskId] = task;
            events.Add(Event(task, "taskDefined", null));
            if (schedule)
            {
                task.Runs.Add(new RunRecord(0, "scheduled", _context.Now));
                events.Add(Event(task, "taskPending", 0));
            }
        }
        return events;
    }

    private async Task<ServiceResponse> ScheduleTaskAsync(string taskId)
    {
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            var task = FindLocked(taskId);
            if (task.Runs.Count == 0)
            {
                task.Runs.Add(new RunRecord(0, "scheduled", _context.Now));
                events.Add(Event(task, "taskPending", 0));
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(new JsonObject { ["status"] = StatusOf(taskId) });
    }

    private async Task<ServiceResponse> ClaimTaskAsync(ServiceRequest request)
    {
        string taskId = request.Route("taskId");
        int runId = request.RouteInt("runId");
        var payload = request.RequirePayloadObject();
        string workerGroup = ServiceRequest.RequireString(payload, "workerGroup", "claimTask");
        string workerId = ServiceRequest.RequireString(payload, "workerId", "claimTask");
        JsonObject claim;
        PendingEvent running;
        lock (_gate)
        {
            var task = FindLocked(taskId);
            var run = FindRunLocked(task, runId);
            if (run.State != "pending" || runId != task.Runs.Count - 1)
                throw ServiceError.Conflict($"Run {runId} of task '{taskId}' is {run.State}; only the latest pending run can be claimed.");
            Claim(run, workerGroup, workerId);
            claim = ClaimJson(task, run, withTask: false);
            running = Event(task, "taskRunning", runId);
        }
        await PublishAsync(new List<PendingEvent> { running }).ConfigureAwait(false);
        return ServiceResponse.Ok(claim);
    }

    private async Task<ServiceResponse> ClaimWorkAsync(ServiceRequest request)
    {
        string provisionerId = request.Route("provisionerId");
        string workerType = request.Route("workerType");
        var payload = request.RequirePayloadObject();
        string workerGroup = ServiceRequest.RequireString(payload, "workerGroup", "claimWork");
        string workerId = ServiceRequest.RequireString(payload, "workerId", "claimWork");
        int wanted = payload["tasks"] is JsonValue count && count.TryGetValue(out int n) ? Math.Clamp(n, 1, 32) : 1;

        var claims = new JsonArray();
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            foreach (var task in _tasks.Values.OrderBy(t => t.Runs.Count == 0 ? DateTimeOffset.MaxValue : t.Runs[^1].Scheduled))
            {
                if (claims.Count >= wanted) break;
                if (task.ProvisionerId != provisionerId || task.WorkerType != workerType || task.Runs.Count == 0) continue;
                var run = task.Runs[^1];
                if (run.State != "pending") continue;
                Claim(run, workerGroup, workerId);
                claims.Add(ClaimJson(task, run, withTask: true));
                events.Add(Event(task, "taskRunning", run.RunId));
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(new JsonObject { ["tasks"] = claims });
    }

    private ServiceResponse ReclaimTask(ServiceRequest request)
    {
        lock (_gate)
        {
            var task = FindLocked(request.Route("taskId"));
            var run = FindRunLocked(task, request.RouteInt("runId"));
            if (run.State != "running") throw ServiceError.Conflict($"Run {run.RunId} is {run.State}, not running.");
            run.TakenUntil = _context.Now + _context.ClaimTimeout;
            return ServiceResponse.Ok(ClaimJson(task, run, withTask: false));
        }
    }

    private async Task<ServiceResponse> ReportCompletedAsync(ServiceRequest request)
    {
        string taskId = request.Route("taskId");
        var payload = request.RequirePayloadObject();
        bool success = payload["success"] is JsonValue value && value.TryGetValue(out bool flag)
            ? flag
            : throw ServiceError.BadRequest("'reportCompleted' payload needs a boolean field 'success'.");
        PendingEvent resolved;
        lock (_gate)
        {
            var task = FindLocked(taskId);
            var run = FindRunLocked(task, request.RouteInt("runId"));
            if (run.State != "running") throw ServiceError.Conflict($"Run {run.RunId} is {run.State}; only a running run can be reported completed.");
            run.State = success ? "completed" : "failed";
            run.ReasonResolved = success ? "completed" : "failed";
            run.Resolved = _context.Now;
            resolved = Event(task, success ? "taskCompleted" : "taskFailed", run.RunId, message => message["success"] = success);
        }
        await PublishAsync(new List<PendingEvent> { resolved }).ConfigureAwait(false);
        if (TaskResolved is { } handler) await handler(taskId, success).ConfigureAwait(false);
        return ServiceResponse.Ok(new JsonObject { ["status"] = StatusOf(taskId) });
    }

    private async Task<ServiceResponse> RerunTaskAsync(string taskId)
    {
        PendingEvent pending;
        lock (_gate)
        {
            var task = FindLocked(taskId);
            if (task.Runs.Count == 0 || task.Runs[^1].State is "pending" or "running")
                throw ServiceError.Conflict($"Task '{taskId}' is {task.State}; only a resolved task can be rerun.");
            task.Runs.Add(new RunRecord(task.Runs.Count, "rerun", _context.Now));
            pending = Event(task, "taskPending", task.Runs.Count - 1);
        }
        await PublishAsync(new List<PendingEvent> { pending }).ConfigureAwait(false);
        return ServiceResponse.Ok(new JsonObject { ["status"] = StatusOf(taskId) });
    }

    private async Task<ServiceResponse> CreateArtifactAsync(ServiceRequest request)
    {
        string name = request.Route("name");
        var payload = request.RequirePayloadObject();
        string storageType = ServiceRequest.RequireString(payload, "storageType", "createArtifact");
        if (storageType != "s3") throw ServiceError.BadRequest($"The stand-in stores 's3' artifacts only, not '{storageType}'.");
        string contentType = ServiceRequest.RequireString(payload, "contentType", "createArtifact");
        var expires = ServiceRequest.RequireDate(payload, "expires", "createArtifact");
        JsonObject answer;
        PendingEvent created;
        lock (_gate)
        {
            var task = FindLocked(request.Route("taskId"));
            var run = FindRunLocked(task, request.RouteInt("runId"));
            if (run.State != "running") throw ServiceError.Conflict($"Artifacts can only be created for a running run; run {run.RunId} is {run.State}.");
            var artifact = new ArtifactRecord(name, storageType, contentType, expires, _context.Artifacts.NewToken());
            run.Artifacts[name] = artifact;
            answer = new JsonObject
            {
                ["storageType"] = storageType,
                ["contentType"] = contentType,
                ["expires"] = Iso(expires),
                ["putUrl"] = _context.RootUrl + ArtifactStore.PathPrefix + artifact.Token,
            };
            created = Event(task, "artifactCreated", run.RunId, message => message["artifact"] = artifact.ToJson());
        }
        await PublishAsync(new List<PendingEvent> { created }).ConfigureAwait(false);
        return ServiceResponse.Ok(answer);
    }

    private ServiceResponse GetArtifact(string taskId, int? runId, string name)
    {
        lock (_gate)
        {
            var task = FindLocked(taskId);
            if (task.Runs.Count == 0) throw ServiceError.NotFound($"Task '{taskId}' has no runs.");
            var run = runId is { } id ? FindRunLocked(task, id) : task.Runs[^1];
            if (!run.Artifacts.TryGetValue(name, out var artifact))
                throw ServiceError.NotFound($"Run {run.RunId} of task '{taskId}' has no artifact '{name}'.");
            return ServiceResponse.Redirect(_context.RootUrl + ArtifactStore.PathPrefix + artifact.Token);
        }
    }

    private ServiceResponse ListArtifacts(string taskId, int? runId)
    {
        lock (_gate)
        {
            var task = FindLocked(taskId);
            var artifacts = new JsonArray();
            if (task.Runs.Count > 0)
            {
                var run = runId is { } id ? FindRunLocked(task, id) : task.Runs[^1];
                foreach (var artifact in run.Artifacts.Values.OrderBy(a => a.Name, StringComparer.Ordinal)) artifacts.Add(artifact.ToJson());
            }
            return ServiceResponse.Ok(new JsonObject { ["artifacts"] = artifacts });
        }
    }

    private ServiceResponse PendingTasks(string provisionerId)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var task in _tasks.Values)
            {
                if (task.ProvisionerId != provisionerId || task.State != "pending") continue;
                counts[task.WorkerType] = counts.TryGetValue(task.WorkerType, out int n) ? n + 1 : 1;
            }
        }
        var byType = new JsonObject();
        foreach (var pair in counts) byType[pair.Key] = pair.Value;
        return ServiceResponse.Ok(new JsonObject { ["provisionerId"] = provisionerId, ["tasks"] = byType });
    }

    private void Claim(RunRecord run, string workerGroup, string workerId)
    {
        run.State = "running";
        run.WorkerGroup = workerGroup;
        run.WorkerId = workerId;
        run.Started = _context.Now;
        run.TakenUntil = _context.Now + _context.ClaimTimeout;
    }

    private JsonObject ClaimJson(TaskRecord task, RunRecord run, bool withTask)
    {
        var claim = new JsonObject
        {
            ["status"] = task.ToStatusJson(),
            ["runId"] = run.RunId,
            ["workerGroup"] = run.WorkerGroup,
            ["workerId"] = run.WorkerId,
            ["takenUntil"] = Iso(run.TakenUntil!.Value),
        };
        if (withTask) claim["task"] = task.Definition.DeepClone();
        return claim;
    }

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

    private static RunRecord FindRunLocked(TaskRecord task, int runId)
        => runId < task.Runs.Count ? task.Runs[runId] : throw ServiceError.NotFound($"Task '{task.TaskId}' has no run {runId}.");

    private static string? OptionalString(JsonObject payload, string field)
        => payload[field] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    internal static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An event captured under the lock and published after it is released.</summary>
    private sealed record PendingEvent(string Exchange, Dictionary<string, string?> Routing, JsonObject Message, List<string> Routes);

    private static PendingEvent Event(TaskRecord task, string exchange, int? runId, Action<JsonObject>? extra = null)
    {
        var run = runId is { } id ? task.Runs[id] : null;
        var message = new JsonObject { ["version"] = 1, ["status"] = task.ToStatusJson() };
        if (run is not null)
        {
            message["runId"] = run.RunId;
            if (run.WorkerGroup is not null)
            {
                message["workerGroup"] = run.WorkerGroup;
                message["workerId"] = run.WorkerId;
            }
            if (run.TakenUntil is { } takenUntil && exchange == "taskRunning") message["takenUntil"] = Iso(takenUntil);
        }
        extra?.Invoke(message);
        var routing = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["taskId"] = task.TaskId,
            ["runId"] = run?.RunId.ToString(CultureInfo.InvariantCulture),
            ["workerGroup"] = run?.WorkerGroup,
            ["workerId"] = run?.WorkerId,
            ["provisionerId"] = task.ProvisionerId,
            ["workerType"] = task.WorkerType,
            ["schedulerId"] = task.SchedulerId,
            ["taskGroupId"] = task.TaskGroupId,
        };
        return new PendingEvent(exchange, routing, message, new List<string>(task.Routes));
    }

    private async Task PublishAsync(List<PendingEvent> events)
    {
        if (_context.Publisher is not { } publisher) return;
        foreach (var pending in events)
        {
            await publisher.PublishAsync(_events, pending.Exchange, pending.Routing, pending.Message, pending.Routes).ConfigureAwait(false);
        }
    }
}
