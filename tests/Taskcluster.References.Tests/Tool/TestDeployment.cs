using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Taskcluster.References.Tests.Tool;

/// <summary>
/// A small TaskCluster deployment in today's format, made up for the tests: a manifest, queue api + exchanges +
/// logs, index api, and web-server api (not builtin), plus schemas linked through every kind of <c>$ref</c>
/// (same folder, <c>./</c>, <c>#/</c> fragments, a cycle, <c>/schemas/common/…</c>, another service's folder, an
/// external URL, and a <c>$ref</c> inside a <c>default</c> value that is data, not a link). Documents are kept as
/// text so their key order is exactly what is served.
/// </summary>
internal sealed class TestDeployment
{
    /// <summary>The schema files the builtin references use, as stored below the schemas folder.</summary>
    public static readonly string[] UsedSchemaFiles =
    {
        "common/payload.json",
        "index/v1/indexed-task-response.json",
        "queue/v1/create-task-request.json",
        "queue/v1/task-defined-message.json",
        "queue/v1/task-status-response.json",
        "queue/v1/task-status.json",
        "queue/v1/task.json",
    };

    /// <summary>
    /// A references file as the repository had it before deployments: 2014-format entries (<c>baseUrl</c> or
    /// <c>exchangePrefix</c>, no <c>$schema</c>). <c>index</c> is there to be displaced by <c>Index</c>; <c>Auth</c>
    /// and the scheduler's two are not produced by the test deployment and must survive untouched. Written in the
    /// canonical format so that "untouched" can be checked byte for byte.
    /// </summary>
    public static string LegacyApisJson()
    {
        static ApisFileEntry Api(string name, string service) => new(name, $"http://references.taskcluster.net/{service}/v1/api.json", Parse($$"""
            {"version": "0.2.0", "title": "{{service}} API", "description": "The {{service}} service of 2014.", "baseUrl": "https://{{service}}.taskcluster.net/v1",
             "entries": [{"type": "function", "method": "get", "route": "/ping/<id>", "args": ["id"], "name": "ping", "scopes": [["{{service}}:ping"]], "title": "Ping", "description": "Ping ´it´."}]}
            """));
        var events = new ApisFileEntry("SchedulerEvents", "http://references.taskcluster.net/scheduler/v1/exchanges.json", Parse("""
            {"version": "0.2.0", "title": "Scheduler Exchanges", "description": "Messages.", "exchangePrefix": "scheduler/v1/",
             "entries": [{"type": "topic-exchange", "exchange": "task-graph-running", "name": "taskGraphRunning", "title": "Running", "description": "A graph runs.",
                          "routingKey": [{"name": "routingKeyKind", "summary": "Kind.", "constant": "primary", "multipleWords": false, "required": true}],
                          "schema": "http://schemas.taskcluster.net/scheduler/v1/task-graph-running-message.json#"}]}
            """));
        return CanonicalJson.FormatMap(new[] { Api("Auth", "auth"), Api("Scheduler", "scheduler"), events, Api("index", "index") });
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public const string QueueApiPath = "/references/queue/v1/api.json";
    public const string QueueExchangesPath = "/references/queue/v1/exchanges.json";
    public const string QueueLogsPath = "/references/queue/v1/logs.json";
    public const string IndexApiPath = "/references/index/v1/api.json";
    public const string WebServerApiPath = "/references/web-server/v1/api.json";

    public const string QueueApi = """
        {
          "$schema": "/schemas/common/api-reference-v0.json#",
          "apiVersion": "v1",
          "description": "The queue service accepts tasks.",
          "entries": [
            {
              "args": [],
              "category": "Monitoring",
              "description": "Respond without doing anything.",
              "method": "get",
              "name": "ping",
              "query": [],
              "route": "/ping",
              "stability": "stable",
              "title": "Ping Server",
              "type": "function"
            },
            {
              "args": ["taskId"],
              "category": "Tasks",
              "description": "Create a new task.",
              "input": "v1/create-task-request.json#",
              "method": "put",
              "name": "createTask",
              "output": "v1/task-status-response.json#",
              "query": [],
              "route": "/task/<taskId>",
              "scopes": {"AllOf": ["queue:create-task:project:<projectId>", {"for": "route", "in": "routes", "each": "queue:route:<route>"}]},
              "stability": "stable",
              "title": "Create New Task",
              "type": "function"
            },
            {
              "args": ["taskId"],
              "category": "Tasks",
              "description": "Get task status.",
              "method": "get",
              "name": "status",
              "output": "v1/task-status-response.json#",
              "query": [],
              "route": "/task/<taskId>/status",
              "stability": "stable",
              "title": "Get task status",
              "type": "function"
            }
          ],
          "serviceName": "queue",
          "title": "Queue Service"
        }
        """;

    public const string QueueExchanges = """
        {
          "$schema": "/schemas/common/exchanges-reference-v0.json#",
          "apiVersion": "v1",
          "description": "Exchanges of the queue.",
          "entries": [
            {
              "description": "A task was defined.",
              "exchange": "task-defined",
              "name": "taskDefined",
              "routingKey": [
                {"constant": "primary", "multipleWords": false, "name": "routingKeyKind", "required": true, "summary": "Always primary."},
                {"multipleWords": false, "name": "taskId", "required": true, "summary": "The task."},
                {"multipleWords": true, "name": "reserved", "required": false, "summary": "Space reserved for future routing-key entries."}
              ],
              "schema": "v1/task-defined-message.json#",
              "title": "Task Defined Messages",
              "type": "topic-exchange"
            }
          ],
          "exchangePrefix": "exchange/taskcluster-queue/v1/",
          "serviceName": "queue",
          "title": "Queue AMQP Exchanges"
        }
        """;

    public const string QueueLogs = """
        {"$schema": "/schemas/common/logs-reference-v0.json#", "serviceName": "queue", "types": []}
        """;

    public const string IndexApi = """
        {
          "$schema": "/schemas/common/api-reference-v0.json#",
          "apiVersion": "v1",
          "description": "The index service finds tasks by name.",
          "entries": [
            {
              "args": ["indexPath"],
              "category": "Index Service",
              "description": "Find a task by index path.",
              "method": "get",
              "name": "findTask",
              "output": "v1/indexed-task-response.json#",
              "query": [],
              "route": "/task/<indexPath>",
              "stability": "stable",
              "title": "Find Indexed Task",
              "type": "function"
            }
          ],
          "serviceName": "index",
          "title": "Index Service"
        }
        """;

    public const string WebServerApi = """
        {
          "$schema": "/schemas/common/api-reference-v0.json#",
          "apiVersion": "v1",
          "description": "The web UI's back end.",
          "entries": [
            {"args": [], "category": "Monitoring", "description": "Ping.", "method": "get", "name": "ping", "query": [], "route": "/ping", "stability": "stable", "title": "Ping Server", "type": "function"}
          ],
          "serviceName": "web-server",
          "title": "Web Server Service"
        }
        """;

    /// <summary>Exactly how <c>queue/v1/task-status.json</c> must be stored: the served JSON, 2-space layout, final newline.</summary>
    public const string StoredTaskStatus =
        "{\n" +
        "  \"$id\": \"/schemas/queue/v1/task-status.json#\",\n" +
        "  \"type\": \"object\",\n" +
        "  \"properties\": {\n" +
        "    \"task\": {\n" +
        "      \"$ref\": \"task.json#\"\n" +
        "    },\n" +
        "    \"state\": {\n" +
        "      \"enum\": [\n" +
        "        \"pending\",\n" +
        "        \"running\"\n" +
        "      ],\n" +
        "      \"description\": \"Ünïcode stays as it is.\"\n" +
        "    },\n" +
        "    \"runs\": []\n" +
        "  }\n" +
        "}\n";

    public TestDeployment()
    {
        Documents = new SortedDictionary<string, string>(System.StringComparer.Ordinal)
        {
            [Deployment.ManifestPath] = $$"""
                {"$schema": "/schemas/common/manifest-v3.json#", "references": ["{{QueueApiPath}}", "{{QueueExchangesPath}}", "{{QueueLogsPath}}", "{{IndexApiPath}}", "{{WebServerApiPath}}"]}
                """,
            [QueueApiPath] = QueueApi,
            [QueueExchangesPath] = QueueExchanges,
            [QueueLogsPath] = QueueLogs,
            [IndexApiPath] = IndexApi,
            [WebServerApiPath] = WebServerApi,
            ["/schemas/queue/v1/create-task-request.json"] = """
                {
                  "$id": "/schemas/queue/v1/create-task-request.json#",
                  "$schema": "/schemas/common/metaschema.json#",
                  "type": "object",
                  "properties": {
                    "task": {"$ref": "task.json#"},
                    "priority": {"$ref": "task.json#/properties/priority"},
                    "extra": {"$ref": "#/definitions/extra"}
                  },
                  "definitions": {"extra": {"type": "object"}}
                }
                """,
            ["/schemas/queue/v1/task.json"] = """
                {
                  "$id": "/schemas/queue/v1/task.json#",
                  "type": "object",
                  "properties": {
                    "taskId": {"type": "string"},
                    "priority": {"enum": ["high", "low"]},
                    "payload": {"$ref": "/schemas/common/payload.json#"},
                    "status": {"$ref": "./task-status.json#"}
                  }
                }
                """,
            ["/schemas/queue/v1/task-status.json"] = """
                {"$id": "/schemas/queue/v1/task-status.json#", "type": "object", "properties": {"task": {"$ref": "task.json#"}, "state": {"enum": ["pending", "running"], "description": "Ünïcode stays as it is."}, "runs": []}}
                """,
            ["/schemas/queue/v1/task-status-response.json"] = """
                {"$id": "/schemas/queue/v1/task-status-response.json#", "type": "object", "properties": {"status": {"$ref": "task-status.json#"}}}
                """,
            ["/schemas/queue/v1/task-defined-message.json"] = """
                {"$id": "/schemas/queue/v1/task-defined-message.json#", "type": "object", "properties": {"status": {"$ref": "task-status.json#"}, "note": {"type": "object", "default": {"$ref": "not-a-link.json#"}}}}
                """,
            ["/schemas/queue/v1/unused.json"] = """
                {"$id": "/schemas/queue/v1/unused.json#", "type": "string"}
                """,
            ["/schemas/common/payload.json"] = """
                {"$id": "/schemas/common/payload.json#", "type": "object", "properties": {"schema": {"$ref": "http://json-schema.org/draft-06/schema#"}}}
                """,
            ["/schemas/index/v1/indexed-task-response.json"] = """
                {"$id": "/schemas/index/v1/indexed-task-response.json#", "type": "object", "properties": {"taskId": {"$ref": "/schemas/queue/v1/task.json#/properties/taskId"}}}
                """,
        };
    }

    /// <summary>Every served document by path below the root URL; tests change, add or remove them.</summary>
    public SortedDictionary<string, string> Documents { get; }

    /// <summary>Paths answered with this status (and an error body) instead of the document.</summary>
    public Dictionary<string, int> Failing { get; } = new();

    /// <summary>Serves the documents from a loopback server (paths not served answer 404); replaces what it served before.</summary>
    /// <param name="server">The server.</param>
    public void ServeFrom(WireMockServer server)
    {
        server.Reset();
        foreach (var (path, body) in Documents)
        {
            bool fails = Failing.TryGetValue(path, out int status);
            server.Given(Request.Create().WithPath(path).UsingGet())
                .RespondWith(Response.Create()
                    .WithStatusCode(fails ? status : 200)
                    .WithHeader("Content-Type", "application/json")
                    .WithBody(fails ? "{\"message\": \"injected failure\"}" : body));
        }
    }

    /// <summary>Writes the documents as a saved deployment, <c>[{filename, content}]</c>, the way TaskCluster rolls them up.</summary>
    /// <param name="path">The file to write.</param>
    public void SaveAsReferencesFile(string path)
    {
        var text = new StringBuilder("[\n");
        text.Append(string.Join(",\n", Documents.Select(d =>
            $"  {{\"filename\": {JsonSerializer.Serialize(d.Key.TrimStart('/'))}, \"content\": {d.Value.Trim()}}}")));
        text.Append("\n]\n");
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>A served document as parsed JSON.</summary>
    /// <param name="path">Its path.</param>
    /// <returns>The root element.</returns>
    public JsonElement Parsed(string path)
    {
        using var document = JsonDocument.Parse(Documents[path]);
        return document.RootElement.Clone();
    }
}
