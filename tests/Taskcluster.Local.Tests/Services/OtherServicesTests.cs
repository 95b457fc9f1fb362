using System;
using System.Net;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Local.Tests.Services;

[TestFixture]
public sealed class OtherServicesTests
{
    private LocalTaskcluster _tc = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _tc = await LocalTaskcluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    [Test]
    public async Task Auth_inspects_a_client_and_hands_out_its_credentials()
    {
        var auth = new Taskcluster.Auth(_tc.ClientOptions("auth"));

        var inspected = await auth.InspectAsync("root");
        var credentials = await auth.GetCredentialsAsync("root");

        Assert.That(inspected.GetProperty("scopes")[0].GetString(), Is.EqualTo("*"));
        Assert.That(inspected.TryGetProperty("accessToken", out _), Is.False);
        Assert.That(credentials.GetProperty("accessToken").GetString(), Is.EqualTo(_tc.RootClient.AccessToken));
    }

    [Test]
    public async Task Index_finds_the_highest_ranked_task_and_lists_level_by_level()
    {
        var index = new Taskcluster.Index(_tc.ClientOptions("index"));
        string expires = DateTime.UtcNow.AddDays(1).ToString("O");
        await index.InsertAsync("proj.branch.latest", new { taskId = "t1", rank = 2, data = new { }, expires });
        await index.InsertAsync("proj.branch.latest", new { taskId = "t0", rank = 1, data = new { }, expires });
        await index.InsertAsync("proj.other.latest", new { taskId = "t2", rank = 0, data = new { }, expires });

        var found = await index.FindAsync("proj.branch.latest");
        var namespaces = await index.ListNamespacesAsync("proj", new { limit = 10 });
        var tasks = await index.ListTasksAsync("proj.branch", new { limit = 10 });

        Assert.That(found.GetProperty("taskId").GetString(), Is.EqualTo("t1"));
        Assert.That(namespaces.GetProperty("namespaces").GetArrayLength(), Is.EqualTo(2));
        Assert.That(tasks.GetProperty("tasks")[0].GetProperty("namespace").GetString(), Is.EqualTo("proj.branch.latest"));
        var missing = Assert.ThrowsAsync<TaskclusterException>(() => index.FindAsync("proj.nothing"));
        Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_task_graph_schedules_dependents_after_their_requirements_complete_and_finishes()
    {
        var scheduler = new Scheduler(_tc.ClientOptions("scheduler"));
        var queue = new Queue(_tc.ClientOptions("queue"));
        string graphId = Slugid.Nice(), first = Slugid.Nice(), second = Slugid.Nice();
        await scheduler.CreateTaskGraphAsync(graphId, new
        {
            tasks = new object[]
            {
                new { taskId = first, requires = Array.Empty<string>(), reruns = 0, task = TaskDefinitions.Valid() },
                new { taskId = second, requires = new[] { first }, reruns = 0, task = TaskDefinitions.Valid() },
            },
        });

        var secondBefore = await queue.StatusAsync(second);
        await queue.ClaimTaskAsync(first, "0", new { workerGroup = "g", workerId = "w" });
        await queue.ReportCompletedAsync(first, "0", new { success = true });
        var secondAfter = await queue.StatusAsync(second);
        await queue.ClaimTaskAsync(second, "0", new { workerGroup = "g", workerId = "w" });
        await queue.ReportCompletedAsync(second, "0", new { success = true });
        var graph = await scheduler.StatusAsync(graphId);
        var inspected = await scheduler.InspectAsync(graphId);

        Assert.That(secondBefore.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("unscheduled"));
        Assert.That(secondAfter.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("pending"));
        Assert.That(graph.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("finished"));
        Assert.That(inspected.GetProperty("tasks").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public void A_task_graph_with_an_unknown_requirement_is_a_400()
    {
        var scheduler = new Scheduler(_tc.ClientOptions("scheduler"));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => scheduler.CreateTaskGraphAsync(Slugid.Nice(), new
        {
            tasks = new object[] { new { taskId = "a", requires = new[] { "missing" }, task = TaskDefinitions.Valid() } },
        }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ServerMessage, Does.Contain("missing"));
    }

    [Test]
    public void Ping_answers_on_every_service_that_has_it()
    {
        Assert.DoesNotThrowAsync(() => new Queue(_tc.ClientOptions("queue")).PingAsync());
        Assert.DoesNotThrowAsync(() => new Taskcluster.Index(_tc.ClientOptions("index")).PingAsync());
        Assert.DoesNotThrowAsync(() => new Scheduler(_tc.ClientOptions("scheduler")).PingAsync());
    }

    [Test]
    public void An_unknown_service_name_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() => _tc.BaseUrl("nope"));

        Assert.That(error!.ParamName, Is.EqualTo("service"));
    }
}
