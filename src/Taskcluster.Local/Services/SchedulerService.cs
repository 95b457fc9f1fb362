using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local;

/// <summary>
/// The 2014 task-graph scheduler (legacy, served at <c>/scheduler/v1</c>), in memory on top of today's queue: it
/// creates a graph's tasks in the queue (schedulerId <c>task-graph-scheduler</c>, the graph as their task group),
/// unscheduled, schedules each once everything it requires has completed, reruns failures while reruns last, and
/// reports the graph running, extended, blocked or finished on the scheduler's own <c>scheduler/v1/</c> exchanges.
/// </summary>
internal sealed class SchedulerService : ILocalService
{
    public const string SchedulerId = "task-graph-scheduler";

    private readonly object _gate = new();
    private readonly Dictionary<string, Graph> _graphs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _graphOfTask = new(StringComparer.Ordinal);
    private readonly LocalContext _context;
    private readonly QueueService _queue;
    private readonly SchedulerEvents _events = new();

    public SchedulerService(LocalContext context, QueueService queue)
    {
        _context = context;
        _queue = queue;
        _queue.TaskResolved += OnTaskResolvedAsync;
        Entries = new Scheduler(new ClientOptions { BaseUrl = "http://localhost/" }).Entries;
        Handlers = new Dictionary<string, Func<ServiceRequest, Task<ServiceResponse>>>(StringComparer.Ordinal)
        {
            ["createTaskGraph"] = request => AddTasksAsync(request.Route("taskGraphId"), request.RequirePayloadObject(), create: true),
            ["extendTaskGraph"] = request => AddTasksAsync(request.Route("taskGraphId"), request.RequirePayloadObject(), create: false),
            ["status"] = request => ServiceResponse.JsonAsync(new JsonObject { ["status"] = Find(request.Route("taskGraphId")).StatusJson() }),
            ["info"] = request => Task.FromResult(Info(request.Route("taskGraphId"))),
            ["inspect"] = request => Task.FromResult(Inspect(request.Route("taskGraphId"))),
            ["ping"] = request => ServiceResponse.JsonAsync(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds }),
        };
    }

    public string Name => "scheduler";

    /// <summary>The 2014 scheduler keeps its own base URL, as its reference has no service name to put under <c>/api/</c>.</summary>
    public string PathPrefix => "/scheduler/v1";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public SchedulerEvents Events => _events;

    /// <summary>None: the 2014 scheduler's schemas were never turned into models, so its payloads stay plain JSON.</summary>
    public IReadOnlyDictionary<string, InputModel> Inputs { get; } = new Dictionary<string, InputModel>(StringComparer.Ordinal);

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, object? input, IDictionary<string, object?> parameters)
    {
    }

    public IReadOnlyDictionary<string, Func<ServiceRequest, Task<ServiceResponse>>> Handlers { get; }

    private async Task<ServiceResponse> AddTasksAsync(string graphId, JsonObject payload, bool create)
    {
        string entry = create ? "createTaskGraph" : "extendTaskGraph";
        if (payload["tasks"] is not JsonArray tasks || tasks.Count == 0)
            throw ServiceError.BadRequest($"'{entry}' payload needs a non-empty array 'tasks'.");
        var added = new List<GraphTask>();
        foreach (var node in tasks)
        {
            if (node is not JsonObject item) throw ServiceError.BadRequest("Every entry of 'tasks' must be an object.");
            string taskId = ServiceRequest.RequireString(item, "taskId", entry);
            if (item["task"] is not JsonObject definition) throw ServiceError.BadRequest($"Task '{taskId}' needs an object 'task'.");
            var requires = item["requires"] is JsonArray r ? r.Select(x => x!.GetValue<string>()).ToList() : new List<string>();
            int reruns = item["reruns"] is JsonValue v && v.TryGetValue(out int n) ? n : 0;
            // Each task is today's task definition, read with the queue's createTask model (so a property its schema
            // does not have is refused here too), then given the scheduler's schedulerId and the graph as its group.
            var queued = (CreateTaskRequest)QueueService.CreateTaskInput.Read(definition, $"Task '{taskId}' of the graph");
            queued.SchedulerId = SchedulerId;
            queued.TaskGroupId = graphId;
            // Checked before the graph changes, so a bad definition leaves neither a half-made graph nor stray tasks.
            _queue.Validate(taskId, queued);
            added.Add(new GraphTask(taskId, requires, reruns, queued));
        }

        Graph graph;
        lock (_gate)
        {
            if (create)
            {
                if (_graphs.ContainsKey(graphId)) throw ServiceError.Conflict($"Task graph '{graphId}' already exists.");
                graph = new Graph(graphId, payload["metadata"]?.DeepClone() as JsonObject ?? new JsonObject(),
                    payload["tags"]?.DeepClone() as JsonObject ?? new JsonObject());
                _graphs[graphId] = graph;
            }
            else
            {
                graph = FindLocked(graphId);
                if (graph.State != "running") throw ServiceError.Conflict($"Task graph '{graphId}' is {graph.State}; only a running graph can be extended.");
            }
            var known = new HashSet<string>(graph.Tasks.Keys.Concat(added.Select(t => t.TaskId)), StringComparer.Ordinal);
            foreach (var task in added)
            {
                if (graph.Tasks.ContainsKey(task.TaskId)) throw ServiceError.Conflict($"Task '{task.TaskId}' is already in the graph.");
                foreach (string required in task.Requires)
                {
                    if (!known.Contains(required)) throw ServiceError.BadRequest($"Task '{task.TaskId}' requires '{required}', which is not in the graph.");
                }
            }
            foreach (var task in added)
            {
                graph.Tasks[task.TaskId] = task;
                _graphOfTask[task.TaskId] = graphId;
            }
        }

        foreach (var task in added) await _queue.DefineInternalAsync(task.TaskId, task.Definition, holdUnscheduled: true).ConfigureAwait(false);
        await PublishAsync(graph, create ? "taskGraphRunning" : "taskGraphExtended", null).ConfigureAwait(false);
        await ScheduleReadyAsync(graph).ConfigureAwait(false);
        return ServiceResponse.Json(200, new JsonObject { ["status"] = graph.StatusJson() });
    }

    private async Task OnTaskResolvedAsync(string taskId, bool success)
    {
        Graph graph;
        string? blockedBy = null;
        bool rerun = false, finished = false;
        lock (_gate)
        {
            if (!_graphOfTask.TryGetValue(taskId, out var graphId)) return;
            graph = _graphs[graphId];
            var task = graph.Tasks[taskId];
            if (success) task.State = "completed";
            else if (task.RerunsLeft > 0) { task.RerunsLeft--; rerun = true; }
            else { task.State = "failed"; graph.State = "blocked"; blockedBy = taskId; }
            if (success && graph.Tasks.Values.All(t => t.State == "completed")) { graph.State = "finished"; finished = true; }
        }
        if (rerun)
        {
            await _queue.RerunInternalAsync(taskId).ConfigureAwait(false);
            return;
        }
        if (blockedBy is not null) await PublishAsync(graph, "taskGraphBlocked", blockedBy).ConfigureAwait(false);
        else if (finished) await PublishAsync(graph, "taskGraphFinished", null).ConfigureAwait(false);
        else await ScheduleReadyAsync(graph).ConfigureAwait(false);
    }

    private async Task ScheduleReadyAsync(Graph graph)
    {
        var ready = new List<string>();
        lock (_gate)
        {
            if (graph.State != "running") return;
            foreach (var task in graph.Tasks.Values)
            {
                if (task.State != "unscheduled") continue;
                if (task.Requires.All(r => graph.Tasks[r].State == "completed"))
                {
                    task.State = "scheduled";
                    ready.Add(task.TaskId);
                }
            }
        }
        foreach (string taskId in ready) await _queue.ScheduleInternalAsync(taskId).ConfigureAwait(false);
    }

    private ServiceResponse Info(string graphId)
    {
        lock (_gate)
        {
            var graph = FindLocked(graphId);
            return ServiceResponse.Json(200, new JsonObject
            {
                ["taskGraphId"] = graphId,
                ["metadata"] = graph.Metadata.DeepClone(),
                ["tags"] = graph.Tags.DeepClone(),
                ["status"] = graph.StatusJson(),
            });
        }
    }

    private ServiceResponse Inspect(string graphId)
    {
        lock (_gate)
        {
            var graph = FindLocked(graphId);
            var tasks = new JsonArray();
            foreach (var task in graph.Tasks.Values.OrderBy(t => t.TaskId, StringComparer.Ordinal))
            {
                var requires = new JsonArray();
                foreach (string r in task.Requires) requires.Add(r);
                var dependents = new JsonArray();
                foreach (var other in graph.Tasks.Values.Where(o => o.Requires.Contains(task.TaskId)).OrderBy(o => o.TaskId, StringComparer.Ordinal))
                    dependents.Add(other.TaskId);
                tasks.Add(new JsonObject
                {
                    ["taskId"] = task.TaskId,
                    ["requires"] = requires,
                    ["requiresLeft"] = task.Requires.Count(r => graph.Tasks[r].State != "completed"),
                    ["reruns"] = task.Reruns,
                    ["rerunsLeft"] = task.RerunsLeft,
                    ["state"] = task.State,
                    ["dependents"] = dependents,
                });
            }
            return ServiceResponse.Json(200, new JsonObject
            {
                ["taskGraphId"] = graphId,
                ["tasks"] = tasks,
                ["metadata"] = graph.Metadata.DeepClone(),
                ["tags"] = graph.Tags.DeepClone(),
                ["status"] = graph.StatusJson(),
            });
        }
    }

    private Graph Find(string graphId)
    {
        lock (_gate) return FindLocked(graphId);
    }

    private Graph FindLocked(string graphId)
        => _graphs.TryGetValue(graphId, out var graph) ? graph : throw ServiceError.NotFound($"Task graph '{graphId}' does not exist.");

    private async Task PublishAsync(Graph graph, string exchange, string? taskId)
    {
        if (_context.Publisher is not { } publisher) return;
        JsonObject status;
        lock (_gate) status = graph.StatusJson();
        var message = new JsonObject { ["version"] = 1, ["status"] = status };
        if (taskId is not null) message["taskId"] = taskId;
        var routing = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["taskId"] = taskId,
            ["schedulerId"] = SchedulerId,
            ["taskGraphId"] = graph.GraphId,
        };
        await publisher.PublishAsync(_events, exchange, routing, message, LocalJsonContext.Default.JsonObject, Array.Empty<string>()).ConfigureAwait(false);
    }

    private sealed class Graph
    {
        public Graph(string graphId, JsonObject metadata, JsonObject tags)
        {
            GraphId = graphId;
            Metadata = metadata;
            Tags = tags;
        }

        public string GraphId { get; }
        public JsonObject Metadata { get; }
        public JsonObject Tags { get; }
        public string State { get; set; } = "running";
        public SortedDictionary<string, GraphTask> Tasks { get; } = new(StringComparer.Ordinal);

        public JsonObject StatusJson() => new() { ["taskGraphId"] = GraphId, ["schedulerId"] = SchedulerId, ["state"] = State };
    }

    private sealed class GraphTask
    {
        public GraphTask(string taskId, List<string> requires, int reruns, CreateTaskRequest definition)
        {
            TaskId = taskId;
            Requires = requires;
            Reruns = reruns;
            RerunsLeft = reruns;
            Definition = definition;
        }

        public string TaskId { get; }
        public List<string> Requires { get; }
        public int Reruns { get; }
        public int RerunsLeft { get; set; }
        public CreateTaskRequest Definition { get; }
        public string State { get; set; } = "unscheduled";
    }
}
