using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Taskcluster.Models.Index;

namespace Taskcluster.Local;

/// <summary>
/// Today's index, in memory: tasks under dotted namespaces (the highest rank winning), found, listed level by level
/// with paging, deleted, and an artifact of an indexed task reached through a redirect to the queue.
/// </summary>
internal sealed class IndexService : ILocalService
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, IndexedTask> _tasks = new(StringComparer.Ordinal);
    private readonly LocalContext _context;

    public IndexService(LocalContext context)
    {
        _context = context;
        Entries = new Index(new ClientOptions { RootUrl = "http://localhost" }).Entries;
        var index = IndexJsonContext.Default;
        Inputs = new Dictionary<string, InputModel>(StringComparer.Ordinal)
        {
            ["insertTask"] = InputModel.Of(index.InsertTaskRequest, insert => [("", insert.ExtensionData)]),
        };
        Handlers = new Dictionary<string, Func<ServiceRequest, Task<ServiceResponse>>>(StringComparer.Ordinal)
        {
            // ping and deleteTask have no output schema: their answers are plain JSON.
            ["ping"] = request => ServiceResponse.JsonAsync(new JsonObject { ["alive"] = true, ["uptime"] = _context.UptimeSeconds }),
            ["insertTask"] = request => ServiceResponse.OkAsync(Insert(request.Route("namespace"), request.Input<InsertTaskRequest>()), index.IndexedTaskResponse),
            ["findTask"] = request => ServiceResponse.OkAsync(Find(request.Route("indexPath")).ToResponse(), index.IndexedTaskResponse),
            ["deleteTask"] = request => ServiceResponse.JsonAsync(Delete(request.Route("namespace"))),
            ["listNamespaces"] = request => ServiceResponse.OkAsync(ListNamespaces(request), index.ListNamespacesResponse),
            ["listTasks"] = request => ServiceResponse.OkAsync(ListTasks(request), index.ListTasksResponse),
            ["findArtifactFromTask"] = request => Task.FromResult(FindArtifact(request.Route("indexPath"), request.Route("name"))),
        };
    }

    public string Name => "index";

    public string PathPrefix => "/api/index/v1";

    public IReadOnlyList<ApiEntry> Entries { get; }

    public IReadOnlyDictionary<string, InputModel> Inputs { get; }

    public void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, object? input, IDictionary<string, object?> parameters)
    {
        foreach (string key in new[] { "namespace", "indexPath" })
        {
            // TaskCluster's index paths are dotted; a slash would make the scope mean something else.
            if (routeValues.TryGetValue(key, out var path) && path.Contains('/'))
                throw ServiceError.BadRequest($"Index paths may not contain '/': '{path}'.");
        }
    }

    public IReadOnlyDictionary<string, Func<ServiceRequest, Task<ServiceResponse>>> Handlers { get; }

    private IndexedTaskResponse Insert(string ns, InsertTaskRequest request)
    {
        if (ns.Length is 0 or > 255) throw ServiceError.BadRequest("A namespace must be 1 to 255 characters long.");
        if (request.TaskId.Length == 0) throw ServiceError.InvalidInput("'insertTask' payload needs a non-empty taskId.");
        var expires = LocalContext.ToMilliseconds(request.Expires);
        lock (_gate)
        {
            // As TaskCluster does: an equal or higher rank replaces what is indexed, a lower one is ignored.
            if (!_tasks.TryGetValue(ns, out var existing) || existing.Expires < _context.Now || request.Rank >= existing.Rank)
                _tasks[ns] = new IndexedTask(ns, request.TaskId, request.Rank, (JsonObject)request.Data.DeepClone(), expires);
            return _tasks[ns].ToResponse();
        }
    }

    private IndexedTask Find(string ns)
    {
        lock (_gate)
        {
            return _tasks.TryGetValue(ns, out var task) && task.Expires >= _context.Now
                ? task
                : throw ServiceError.NotFound($"No task is indexed under '{ns}'.");
        }
    }

    private JsonObject Delete(string ns)
    {
        lock (_gate) _tasks.Remove(ns);
        return new JsonObject();
    }

    /// <summary>The namespaces directly below <c>namespace</c> that hold an indexed task somewhere beneath them.</summary>
    private ListNamespacesResponse ListNamespaces(ServiceRequest request)
    {
        string ns = request.Route("namespace");
        var names = new SortedDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var task in Live())
            {
                if (Child(ns, task.Namespace) is not { } child || !child.Contains('.')) continue;
                string name = child.Split('.')[0];
                names[name] = names.TryGetValue(name, out var latest) && latest > task.Expires ? latest : task.Expires;
            }
        }
        var page = Paging.Page(names, pair => pair.Key, request, out var token);
        var list = page.Select(pair => new ListNamespacesResponseNamespacesItem
        {
            Namespace = ns.Length == 0 ? pair.Key : ns + "." + pair.Key,
            Name = pair.Key,
            Expires = pair.Value,
        }).ToList();
        return new ListNamespacesResponse { Namespaces = list, ContinuationToken = token };
    }

    /// <summary>The tasks indexed directly below <c>namespace</c>.</summary>
    private ListTasksResponse ListTasks(ServiceRequest request)
    {
        string ns = request.Route("namespace");
        List<IndexedTask> page;
        string? token;
        lock (_gate)
        {
            var direct = Live().Where(task => Child(ns, task.Namespace) is { } child && !child.Contains('.')).ToList();
            page = Paging.Page(direct, task => task.Namespace, request, out token);
        }
        return new ListTasksResponse { Tasks = page.Select(task => task.ToListItem()).ToList(), ContinuationToken = token };
    }

    /// <summary>
    /// A redirect to the indexed task's latest artifact on the queue, signed with the root client as TaskCluster's
    /// index signs it with its own credentials: the caller already showed <c>queue:get-artifact:&lt;name&gt;</c> here.
    /// </summary>
    private ServiceResponse FindArtifact(string indexPath, string name)
    {
        var task = Find(indexPath);
        var queue = new Queue(new ClientOptions { RootUrl = _context.RootUrl, Credentials = _context.RootClient.Credentials, TimeProvider = _context.Clock });
        return ServiceResponse.SeeOther(queue.GetLatestArtifactSignedUrl(task.TaskId, name, TimeSpan.FromMinutes(30)));
    }

    private IEnumerable<IndexedTask> Live()
    {
        var now = _context.Now;
        return _tasks.Values.Where(task => task.Expires >= now);
    }

    private static string? Child(string ns, string key)
    {
        if (ns.Length == 0) return key;
        return key.StartsWith(ns + ".", StringComparison.Ordinal) ? key.Substring(ns.Length + 1) : null;
    }

    /// <summary>A task under a namespace. <see cref="Data"/> is never modified; answers get a copy.</summary>
    private sealed record IndexedTask(string Namespace, string TaskId, double Rank, JsonObject Data, DateTimeOffset Expires)
    {
        public IndexedTaskResponse ToResponse() => new()
        {
            Namespace = Namespace,
            TaskId = TaskId,
            Rank = Rank,
            Data = (JsonObject)Data.DeepClone(),
            Expires = Expires,
        };

        public ListTasksResponseTasksItem ToListItem() => new()
        {
            Namespace = Namespace,
            TaskId = TaskId,
            Rank = Rank,
            Data = (JsonObject)Data.DeepClone(),
            Expires = Expires,
        };
    }
}
