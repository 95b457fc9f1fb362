using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>The index, in memory: tasks under dotted namespaces, the highest rank winning, listed level by level.</summary>
internal sealed class IndexService : ILocalService
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, IndexedTask> _tasks = new(StringComparer.Ordinal);
    private readonly LocalContext _context;

    public IndexService(LocalContext context)
    {
        _context = context;
        Entries = new Index(new ClientOptions { BaseUrl = "http://localhost/" }).Entries;
    }

    public string Name => "index";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, System.Text.Json.Nodes.JsonNode? payload, IDictionary<string, string> parameters)
    {
    }

    public Task<ServiceResponse>? Handle(ServiceRequest request) => request.Entry.Name switch
    {
        "insert" => Task.FromResult(Insert(request.Route("namespace"), request.RequirePayloadObject())),
        "find" => Task.FromResult(Find(request.Route("namespace"))),
        "listNamespaces" => Task.FromResult(ListNamespaces(request.Route("namespace"), Limit(request))),
        "listTasks" => Task.FromResult(ListTasks(request.Route("namespace"), Limit(request))),
        "ping" => Task.FromResult(ServiceResponse.Ok(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds })),
        _ => null,
    };

    private ServiceResponse Insert(string ns, JsonObject payload)
    {
        string taskId = ServiceRequest.RequireString(payload, "taskId", "insert");
        var expires = ServiceRequest.RequireDate(payload, "expires", "insert");
        double rank = payload["rank"] is JsonValue value && value.TryGetValue(out double r) ? r : 0;
        var data = payload["data"] as JsonObject ?? new JsonObject();
        lock (_gate)
        {
            // As TaskCluster does: an equal or higher rank replaces what is indexed, a lower one is ignored.
            if (!_tasks.TryGetValue(ns, out var existing) || rank >= existing.Rank)
                _tasks[ns] = new IndexedTask(ns, taskId, rank, (JsonObject)data.DeepClone(), expires);
            return ServiceResponse.Ok(_tasks[ns].ToJson());
        }
    }

    private ServiceResponse Find(string ns)
    {
        lock (_gate)
        {
            return _tasks.TryGetValue(ns, out var task)
                ? ServiceResponse.Ok(task.ToJson())
                : throw ServiceError.NotFound($"No task is indexed under '{ns}'.");
        }
    }

    private ServiceResponse ListNamespaces(string ns, int limit)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (string key in _tasks.Keys)
            {
                if (Child(ns, key) is { } child && child.Contains('.')) names.Add(child.Split('.')[0]);
            }
        }
        var list = new JsonArray();
        foreach (string name in names.Take(limit))
        {
            string full = ns.Length == 0 ? name : ns + "." + name;
            list.Add(new JsonObject { ["namespace"] = full, ["name"] = name, ["expires"] = QueueService.Iso(_context.Now.AddYears(1)) });
        }
        return ServiceResponse.Ok(new JsonObject { ["namespaces"] = list });
    }

    private ServiceResponse ListTasks(string ns, int limit)
    {
        var list = new JsonArray();
        lock (_gate)
        {
            foreach (var pair in _tasks)
            {
                if (list.Count >= limit) break;
                if (Child(ns, pair.Key) is { } child && !child.Contains('.')) list.Add(pair.Value.ToJson());
            }
        }
        return ServiceResponse.Ok(new JsonObject { ["tasks"] = list });
    }

    private static string? Child(string ns, string key)
    {
        if (ns.Length == 0) return key;
        return key.StartsWith(ns + ".", StringComparison.Ordinal) ? key.Substring(ns.Length + 1) : null;
    }

    private static int Limit(ServiceRequest request)
        => request.Payload is JsonObject payload && payload["limit"] is JsonValue value && value.TryGetValue(out int limit) && limit > 0
            ? Math.Min(limit, 1000)
            : 1000;

    private sealed record IndexedTask(string Namespace, string TaskId, double Rank, JsonObject Data, DateTimeOffset Expires)
    {
        public JsonObject ToJson() => new()
        {
            ["namespace"] = Namespace,
            ["taskId"] = TaskId,
            ["rank"] = Rank,
            ["data"] = Data.DeepClone(),
            ["expires"] = QueueService.Iso(Expires),
        };
    }
}
