using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Auth;
using Taskcluster.Models.Index;
using Taskcluster.Models.Queue;
using Taskcluster.Models.Secrets;

namespace Taskcluster.Local.Tests.Services;

/// <summary>Auth, Index and Secrets in today's format, and the legacy 2014 Scheduler on the new queue.</summary>
[TestFixture]
public sealed class OtherServicesTests
{
    private readonly LocalClient _secretReader = new("secret-reader", "reader-token", new[] { "secrets:get:project/app/*", "auth:current-scopes" });
    private LocalTaskcluster _tc = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new LocalTaskclusterOptions();
        options.Clients.Add(_secretReader);
        _tc = await LocalTaskcluster.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    [Test]
    public async Task Auth_describes_a_client_without_its_token_and_lists_clients_by_prefix()
    {
        var auth = new Taskcluster.Auth(_tc.ClientOptions("auth"));

        var client = await auth.ClientAsync("secret-reader");
        var listed = await auth.ListClientsAsync(prefix: "secret-");

        Assert.That(client.Scopes, Is.EqualTo(_secretReader.Scopes));
        // The model has no accessToken; one sent anyway would land in the extension data.
        Assert.That(client.ExtensionData?.Keys ?? [], Does.Not.Contain("accessToken"));
        Assert.That(listed.Clients.Select(c => c.ClientId), Is.EqualTo(new[] { "secret-reader" }));
        var missing = Assert.ThrowsAsync<TaskclusterException>(() => auth.ClientAsync("nobody"));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Auth_answers_the_callers_current_scopes_narrowed_by_authorized_scopes()
    {
        var auth = new Taskcluster.Auth(_tc.ClientOptions("auth", _secretReader.Credentials));
        var narrowed = new Taskcluster.Auth(_tc.ClientOptions("auth", _secretReader.Credentials) with
        {
            AuthorizedScopes = new[] { "auth:current-scopes", "secrets:get:project/app/one" },
        });

        var all = await auth.CurrentScopesAsync();
        var some = await narrowed.CurrentScopesAsync();

        Assert.That(all.Scopes, Is.EqualTo(new[] { "auth:current-scopes", "secrets:get:project/app/*" }));
        Assert.That(some.Scopes, Is.EqualTo(new[] { "auth:current-scopes", "secrets:get:project/app/one" }));
    }

    [Test]
    public async Task Auth_expands_a_scope_set_into_its_normal_form()
    {
        var auth = new Taskcluster.Auth(_tc.ClientOptions("auth"));

        var expanded = await auth.ExpandScopesAsync(new Scopeset { Scopes = ["queue:b", "queue:*", "index:x", "index:x"] });

        Assert.That(expanded.Scopes, Is.EqualTo(new[] { "index:x", "queue:*" }));
    }

    [Test]
    public async Task Index_finds_the_highest_ranked_task_and_lists_level_by_level_in_pages()
    {
        var index = new Taskcluster.Index(_tc.ClientOptions("index"));
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        string t0 = Slugid.Nice(), t1 = Slugid.Nice();
        await index.InsertTaskAsync("proj.branch.latest", new InsertTaskRequest { TaskId = t1, Rank = 2, Data = new JsonObject(), Expires = expires });
        await index.InsertTaskAsync("proj.branch.latest", new InsertTaskRequest { TaskId = t0, Rank = 1, Data = new JsonObject(), Expires = expires });
        foreach (string name in new[] { "a", "b", "c" })
            await index.InsertTaskAsync($"proj.{name}.latest", new InsertTaskRequest { TaskId = Slugid.Nice(), Rank = 0, Data = new JsonObject(), Expires = expires });

        var found = await index.FindTaskAsync("proj.branch.latest");
        var namespaces = new List<string>();
        int pages = 0;
        await foreach (var page in index.ListNamespacesPagesAsync("proj", limit: 3))
        {
            pages++;
            namespaces.AddRange(page.Namespaces.Select(n => n.Name));
        }
        var tasks = await index.ListTasksAsync("proj.branch");

        Assert.That(found.TaskId, Is.EqualTo(t1));
        Assert.That(namespaces, Is.EqualTo(new[] { "a", "b", "branch", "c" }));
        Assert.That(pages, Is.EqualTo(2));
        Assert.That(tasks.Tasks[0].Namespace, Is.EqualTo("proj.branch.latest"));
        var missing = Assert.ThrowsAsync<TaskclusterException>(() => index.FindTaskAsync("proj.nothing"));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Index_redirects_to_the_latest_artifact_of_the_task_it_finds()
    {
        var queue = new Queue(_tc.ClientOptions("queue"));
        var index = new Taskcluster.Index(_tc.ClientOptions("index"));
        string taskId = Slugid.Nice(), taskQueueId = TaskDefinitions.UniqueQueue();
        await queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
        await queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim());
        var created = await queue.CreateArtifactAsync(taskId, "0", "public/build.txt", new PostArtifactRequestS3 { ContentType = "text/plain", Expires = DateTimeOffset.UtcNow.AddDays(1) });
        using var http = new HttpClient();
        (await http.PutAsync(Expect.Branch<PostArtifactResponseS3>(created).PutUrl, new StringContent("built"))).EnsureSuccessStatusCode();
        await index.InsertTaskAsync("proj.build", new InsertTaskRequest { TaskId = taskId, Rank = 0, Data = new JsonObject(), Expires = DateTimeOffset.UtcNow.AddDays(1) });

        string text = await http.GetStringAsync(index.FindArtifactFromTaskSignedUrl("proj.build", "public/build.txt"));

        Assert.That(text, Is.EqualTo("built"));
    }

    [Test]
    public async Task Secrets_are_set_read_listed_and_removed_under_their_scopes()
    {
        var secrets = new Taskcluster.Secrets(_tc.ClientOptions("secrets"));
        var reader = new Taskcluster.Secrets(_tc.ClientOptions("secrets", _secretReader.Credentials));
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        await secrets.SetAsync("project/app/one", new Secret { SecretValue = new JsonObject { ["password"] = "hunter2" }, Expires = expires });
        await secrets.SetAsync("project/other/two", new Secret { SecretValue = new JsonObject { ["token"] = "t" }, Expires = expires });

        var read = await reader.GetAsync("project/app/one");
        var refused = Assert.ThrowsAsync<TaskclusterException>(() => reader.GetAsync("project/other/two"));
        var listed = await secrets.ListAsync();
        await secrets.RemoveAsync("project/app/one");
        var gone = Assert.ThrowsAsync<TaskclusterException>(() => secrets.GetAsync("project/app/one"));

        Assert.That((string?)read.SecretValue["password"], Is.EqualTo("hunter2"));
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.ServerMessage, Does.Contain("secrets:get:project/other/two"));
        Assert.That(listed.Secrets, Is.SupersetOf(new[] { "project/app/one", "project/other/two" }));
        Assert.That(gone!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_expired_secret_is_gone_with_410()
    {
        var secrets = new Taskcluster.Secrets(_tc.ClientOptions("secrets"));
        await secrets.SetAsync("project/app/expired", new Secret { SecretValue = new JsonObject(), Expires = DateTimeOffset.UtcNow.AddMinutes(-1) });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => secrets.GetAsync("project/app/expired"));

        Assert.That((int)error!.StatusCode!, Is.EqualTo(410));
    }

    [Test]
    public async Task A_task_graph_of_the_legacy_scheduler_schedules_dependents_after_their_requirements_complete()
    {
        var scheduler = new Scheduler(_tc.ClientOptions("scheduler"));
        var queue = new Queue(_tc.ClientOptions("queue"));
        string graphId = Slugid.Nice(), first = Slugid.Nice(), second = Slugid.Nice();
        string workerType = TaskDefinitions.UniqueQueue().Split('/')[1], taskQueueId = "prov/" + workerType;
        await scheduler.CreateTaskGraphAsync(graphId, TaskDefinitions.TaskGraph(
            TaskDefinitions.GraphNode(first, TaskDefinitions.Json(TaskDefinitions.Valid("prov", workerType)), [], reruns: 0),
            TaskDefinitions.GraphNode(second, TaskDefinitions.Json(TaskDefinitions.Valid("prov", workerType)), [first], reruns: 0)));

        var secondBefore = await queue.StatusAsync(second);
        await queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim());
        await queue.ReportCompletedAsync(first, "0");
        var secondAfter = await queue.StatusAsync(second);
        await queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim());
        await queue.ReportCompletedAsync(second, "0");
        var graph = await scheduler.StatusAsync(graphId);
        var group = await queue.ListTaskGroupAsync(graphId);

        Assert.That(secondBefore.Status.State, Is.EqualTo(TaskStatusState.Unscheduled));
        Assert.That(secondAfter.Status.State, Is.EqualTo(TaskStatusState.Pending));
        Assert.That(graph.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("finished"));
        Assert.That(group.SchedulerId, Is.EqualTo("task-graph-scheduler"));
        Assert.That(group.Tasks, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_task_graph_with_an_unknown_requirement_or_a_bad_task_is_a_400_and_creates_nothing()
    {
        var scheduler = new Scheduler(_tc.ClientOptions("scheduler"));
        var queue = new Queue(_tc.ClientOptions("queue"));
        // The legacy scheduler takes untyped JSON, so the broken task is the wire form with deadline removed.
        var broken = TaskDefinitions.Json(TaskDefinitions.Valid());
        Assert.That(broken.Remove("deadline"), Is.True);
        string good = Slugid.Nice();

        var unknown = Assert.ThrowsAsync<TaskclusterException>(() => scheduler.CreateTaskGraphAsync(Slugid.Nice(), TaskDefinitions.TaskGraph(
            TaskDefinitions.GraphNode(Slugid.Nice(), TaskDefinitions.Json(TaskDefinitions.Valid()), ["missing"]))));
        var bad = Assert.ThrowsAsync<TaskclusterException>(() => scheduler.CreateTaskGraphAsync(Slugid.Nice(), TaskDefinitions.TaskGraph(
            TaskDefinitions.GraphNode(good, TaskDefinitions.Json(TaskDefinitions.Valid()), []),
            TaskDefinitions.GraphNode(Slugid.Nice(), broken, []))));

        Assert.That(unknown!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(unknown.ServerMessage, Does.Contain("missing"));
        Assert.That(bad!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(bad.ServerMessage, Does.Contain("deadline"));
        var notCreated = Assert.ThrowsAsync<TaskclusterException>(() => queue.StatusAsync(good));
        Assert.That(notCreated!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void Ping_answers_on_every_service()
    {
        Assert.DoesNotThrowAsync(() => new Queue(_tc.ClientOptions("queue")).PingAsync());
        Assert.DoesNotThrowAsync(() => new Taskcluster.Auth(_tc.ClientOptions("auth")).PingAsync());
        Assert.DoesNotThrowAsync(() => new Taskcluster.Index(_tc.ClientOptions("index")).PingAsync());
        Assert.DoesNotThrowAsync(() => new Taskcluster.Secrets(_tc.ClientOptions("secrets")).PingAsync());
        Assert.DoesNotThrowAsync(() => new Scheduler(_tc.ClientOptions("scheduler")).PingAsync());
    }

    [Test]
    public void Client_options_use_the_root_url_for_todays_services_and_a_base_url_for_the_legacy_scheduler()
    {
        var queue = _tc.ClientOptions("queue");
        var scheduler = _tc.ClientOptions("scheduler");

        Assert.That(queue.RootUrl, Is.EqualTo(_tc.RootUrl));
        Assert.That(queue.BaseUrl, Is.Null);
        Assert.That(new Queue(queue).BaseUrl, Is.EqualTo(_tc.RootUrl + "/api/queue/v1"));
        Assert.That(scheduler.BaseUrl, Is.EqualTo(_tc.RootUrl + "/scheduler/v1"));
        Assert.That(_tc.RootUrl, Does.Not.EndWith("/"));
    }

    [Test]
    public void An_unknown_service_name_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() => _tc.ClientOptions("hooks"));

        Assert.That(error!.ParamName, Is.EqualTo("service"));
    }
}
