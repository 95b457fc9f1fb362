using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Client.Tests.Models.Support;
using Taskcluster.Models.Index;
using Taskcluster.Models.Queue;
using Taskcluster.Models.Secrets;

namespace Taskcluster.Local.Tests.Services;

/// <summary>
/// Every answer of today's services, as raw JSON, against the output schema its entry names, checked by a schema
/// walker of the tests' own: the stand-in builds its answers as the generated models, so it must never write a
/// document that its own schemas (which it also serves) refuse, such as an extra property or an enum value they lack.
/// </summary>
[TestFixture]
public sealed class SchemaConformanceTests
{
    private LocalTaskcluster _tc = null!;
    private Queue _queue = null!;
    private readonly List<(string What, string? Misfit)> _checked = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tc = await LocalTaskcluster.StartAsync();
        _queue = new Queue(_tc.ClientOptions("queue"));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    [SetUp]
    public void Clear() => _checked.Clear();

    /// <summary>Calls an entry by name and records whether its raw answer fits <paramref name="schema"/>.</summary>
    private async Task<JsonElement> CheckAsync(ApiClient client, string schema, string entry, string[] args, object? payload = null)
    {
        var answer = await client.CallAsync(entry, args, payload);
        _checked.Add((entry, SchemaFiles.Builtin.Misfit(schema, JsonNode.Parse(answer.GetRawText()))));
        return answer;
    }

    private void AssertAllFit()
    {
        Assert.That(_checked, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (what, misfit) in _checked) Assert.That(misfit, Is.Null, what);
        });
    }

    [Test]
    public async Task Every_queue_answer_of_a_task_life_fits_the_schema_of_its_entry()
    {
        const string v1 = "/schemas/queue/v1/";
        string taskQueueId = TaskDefinitions.UniqueQueue();
        string first = Slugid.Nice(), second = Slugid.Nice(), third = Slugid.Nice();
        var tagged = TaskDefinitions.InQueue(taskQueueId);
        tagged.Tags = new Dictionary<string, string> { ["kind"] = "test" };
        tagged.Routes = ["index.a.b"];
        var dependent = TaskDefinitions.InQueue(taskQueueId, first);
        dependent.Dependencies = [first];
        dependent.Requires = TaskRequires.AllResolved;
        string expires = DateTimeOffset.UtcNow.AddDays(1).ToString("O");

        await CheckAsync(_queue, v1 + "task-status-response.json#", "createTask", [first], TaskDefinitions.Json(tagged));
        await CheckAsync(_queue, v1 + "task-status-response.json#", "createTask", [second], TaskDefinitions.Json(dependent));
        await CheckAsync(_queue, v1 + "task-status-response.json#", "createTask", [third], TaskDefinitions.Json(TaskDefinitions.InQueue(taskQueueId)));
        await CheckAsync(_queue, v1 + "task.json#", "task", [first]);
        await CheckAsync(_queue, v1 + "task-status-response.json#", "status", [second]);
        await CheckAsync(_queue, v1 + "pending-tasks-response.json#", "pendingTasks", [taskQueueId]);
        await CheckAsync(_queue, v1 + "claim-work-response.json#", "claimWork", [taskQueueId], TaskDefinitions.Claim(tasks: 2));
        await CheckAsync(_queue, v1 + "task-queue-counts-response.json#", "taskQueueCounts", [taskQueueId]);
        await CheckAsync(_queue, v1 + "task-reclaim-response.json#", "reclaimTask", [first, "0"]);
        foreach (var (name, artifact) in new (string, JsonObject)[]
        {
            ("public/s3.txt", new() { ["storageType"] = "s3", ["contentType"] = "text/plain", ["expires"] = expires }),
            ("public/ref", new() { ["storageType"] = "reference", ["contentType"] = "text/html", ["url"] = "https://example.com/", ["expires"] = expires }),
            ("public/link", new() { ["storageType"] = "link", ["artifact"] = "public/ref", ["expires"] = expires }),
            ("public/error", new() { ["storageType"] = "error", ["reason"] = "file-missing-on-worker", ["message"] = "gone", ["expires"] = expires }),
        })
        {
            await CheckAsync(_queue, v1 + "post-artifact-response.json#", "createArtifact", [first, "0", name], artifact);
        }
        foreach (string name in new[] { "public/s3.txt", "public/link", "public/error" })
            await CheckAsync(_queue, v1 + "artifact-content-response.json#", "artifact", [first, "0", name]);
        await CheckAsync(_queue, v1 + "artifact-content-response.json#", "latestArtifact", [first, "public/ref"]);
        await CheckAsync(_queue, v1 + "artifact-response.json#", "artifactInfo", [first, "0", "public/link"]);
        await CheckAsync(_queue, v1 + "artifact-response.json#", "latestArtifactInfo", [first, "public/s3.txt"]);
        await CheckAsync(_queue, v1 + "list-artifacts-response.json#", "listArtifacts", [first, "0"]);
        await CheckAsync(_queue, v1 + "list-artifacts-response.json#", "listLatestArtifacts", [first]);
        await CheckAsync(_queue, v1 + "task-status-response.json#", "reportFailed", [first, "0"]);
        await CheckAsync(_queue, v1 + "task-status-response.json#", "reportException", [third, "0"],
            new TaskExceptionRequest { Reason = TaskExceptionRequestReason.WorkerShutdown });
        await CheckAsync(_queue, v1 + "task-status-response.json#", "rerunTask", [first]);
        await CheckAsync(_queue, v1 + "list-task-group-response.json#", "listTaskGroup", [first]);
        await CheckAsync(_queue, v1 + "list-dependent-tasks-response.json#", "listDependentTasks", [first]);

        AssertAllFit();
    }

    [Test]
    public async Task Every_index_secrets_and_auth_answer_fits_the_schema_of_its_entry()
    {
        var index = new Taskcluster.Index(_tc.ClientOptions("index"));
        var secrets = new Taskcluster.Secrets(_tc.ClientOptions("secrets"));
        var auth = new Taskcluster.Auth(_tc.ClientOptions("auth"));
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        await secrets.SetAsync("project/schema/one", new Secret { SecretValue = new JsonObject { ["k"] = "v" }, Expires = expires });

        await CheckAsync(index, "/schemas/index/v1/indexed-task-response.json#", "insertTask", ["conform.a.b"],
            new InsertTaskRequest { TaskId = Slugid.Nice(), Rank = 3, Data = new JsonObject { ["by"] = "test" }, Expires = expires });
        await CheckAsync(index, "/schemas/index/v1/indexed-task-response.json#", "findTask", ["conform.a.b"]);
        await CheckAsync(index, "/schemas/index/v1/list-namespaces-response.json#", "listNamespaces", ["conform"]);
        await CheckAsync(index, "/schemas/index/v1/list-tasks-response.json#", "listTasks", ["conform.a"]);
        await CheckAsync(secrets, "/schemas/secrets/v1/secret.json#", "get", ["project/schema/one"]);
        await CheckAsync(secrets, "/schemas/secrets/v1/secret-list.json#", "list", []);
        await CheckAsync(auth, "/schemas/auth/v1/get-client-response.json#", "client", ["root"]);
        await CheckAsync(auth, "/schemas/auth/v1/list-clients-response.json#", "listClients", []);
        await CheckAsync(auth, "/schemas/auth/v1/scopeset.json#", "currentScopes", []);
        await CheckAsync(auth, "/schemas/auth/v1/scopeset.json#", "expandScopes", [], new JsonObject { ["scopes"] = new JsonArray("a:*", "a:b") });

        AssertAllFit();
    }

    [Test]
    public async Task A_redirect_to_an_artifact_says_where_it_leads_as_get_artifact_response()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue(), taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
        await _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim());
        await _queue.CreateArtifactAsync(taskId, "0", "public/ref", new PostArtifactRequestReference
        {
            Url = "https://example.com/elsewhere", ContentType = "text/plain", Expires = DateTimeOffset.UtcNow.AddDays(1),
        });
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var response = await http.GetAsync(_queue.GetArtifactSignedUrl(taskId, "0", "public/ref"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.That((int)response.StatusCode, Is.EqualTo(303));
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("https://example.com/elsewhere"));
        Assert.That(SchemaFiles.Builtin.Misfit("/schemas/queue/v1/get-artifact-response.json#", body), Is.Null);
        Assert.That((string?)body!["url"], Is.EqualTo("https://example.com/elsewhere"));
    }
}
