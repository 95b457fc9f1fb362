using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Local.Tests.Services;

[TestFixture]
public sealed class QueueServiceTests
{
    private LocalTaskcluster _tc = null!;
    private Queue _queue = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tc = await LocalTaskcluster.StartAsync();
        _queue = new Queue(_tc.ClientOptions("queue"));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    [Test]
    public async Task A_created_task_is_pending_and_returns_its_definition()
    {
        string taskId = Slugid.Nice();
        var definition = TaskDefinitions.Valid();

        var created = await _queue.CreateTaskAsync(taskId, definition);
        var task = await _queue.GetTaskAsync(taskId);

        Assert.That(created.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("pending"));
        Assert.That(created.GetProperty("status").GetProperty("runs").GetArrayLength(), Is.EqualTo(1));
        Assert.That(task.GetProperty("payload").GetProperty("command").GetString(), Is.EqualTo("true"));
    }

    [Test]
    public async Task Creating_the_same_task_twice_is_idempotent_but_a_different_definition_conflicts()
    {
        string taskId = Slugid.Nice();
        var definition = TaskDefinitions.Valid();
        await _queue.CreateTaskAsync(taskId, definition);

        var again = await _queue.CreateTaskAsync(taskId, definition);
        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid("prov", "other")));

        Assert.That(again.GetProperty("status").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [TestCase("provisionerId")]
    [TestCase("workerType")]
    [TestCase("deadline")]
    [TestCase("payload")]
    public void A_task_missing_a_required_field_is_a_400_that_names_it(string field)
    {
        var definition = TaskDefinitions.Valid();
        definition.Remove(field);

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateTaskAsync(Slugid.Nice(), definition));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ServerMessage, Does.Contain(field));
    }

    [Test]
    public void An_unknown_task_is_a_404()
    {
        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.StatusAsync(Slugid.Nice()));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Of_many_concurrent_claims_exactly_one_wins()
    {
        string taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());

        var attempts = Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await _queue.ClaimTaskAsync(taskId, "0", new { workerGroup = "g", workerId = "w" + i });
                return true;
            }
            catch (TaskclusterException error) when (error.StatusCode == HttpStatusCode.Conflict)
            {
                return false;
            }
        }).ToArray();
        bool[] outcomes = await Task.WhenAll(attempts);

        Assert.That(outcomes.Count(won => won), Is.EqualTo(1));
        var status = await _queue.StatusAsync(taskId);
        Assert.That(status.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("running"));
    }

    [Test]
    public async Task A_task_goes_through_claim_artifact_completion_and_rerun()
    {
        string taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());
        await _queue.ClaimTaskAsync(taskId, "0", new { workerGroup = "g", workerId = "w" });
        await _queue.ReclaimTaskAsync(taskId, "0");
        var artifact = await _queue.CreateArtifactAsync(taskId, "0", "public/logs/live log.txt",
            new { storageType = "s3", contentType = "text/plain", expires = DateTime.UtcNow.AddDays(1) });
        using var http = new HttpClient();
        (await http.PutAsync(artifact.GetProperty("putUrl").GetString(), new StringContent("log line"))).EnsureSuccessStatusCode();

        var completed = await _queue.ReportCompletedAsync(taskId, "0", new { success = true });
        var listed = await _queue.ListArtifactsAsync(taskId, "0");
        string bytes = await http.GetStringAsync(_queue.GetArtifactSignedUrl(taskId, "0", "public/logs/live log.txt"));
        var rerun = await _queue.RerunTaskAsync(taskId);

        Assert.That(completed.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("completed"));
        Assert.That(listed.GetProperty("artifacts")[0].GetProperty("name").GetString(), Is.EqualTo("public/logs/live log.txt"));
        Assert.That(bytes, Is.EqualTo("log line"));
        Assert.That(rerun.GetProperty("status").GetProperty("runs").GetArrayLength(), Is.EqualTo(2));
        Assert.That(rerun.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("pending"));
    }

    [Test]
    public async Task Getting_an_artifact_redirects_to_a_local_url_that_serves_the_bytes()
    {
        string taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());
        await _queue.ClaimTaskAsync(taskId, "0", new { workerGroup = "g", workerId = "w" });
        var artifact = await _queue.CreateArtifactAsync(taskId, "0", "public/a.txt",
            new { storageType = "s3", contentType = "text/plain", expires = DateTime.UtcNow.AddDays(1) });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        (await http.PutAsync(artifact.GetProperty("putUrl").GetString(), new StringContent("A"))).EnsureSuccessStatusCode();

        using var response = await http.GetAsync(_queue.GetLastestArtifactSignedUrl(taskId, "public/a.txt"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(response.Headers.Location!.AbsoluteUri, Does.StartWith(_tc.RootUrl.AbsoluteUri));
        Assert.That(await http.GetStringAsync(response.Headers.Location), Is.EqualTo("A"));
    }

    [Test]
    public async Task Claim_work_hands_out_pending_tasks_of_the_worker_type_once()
    {
        string workerType = "wt-" + Slugid.Nice().Substring(0, 8);
        string taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid("prov", workerType));

        var first = await _queue.ClaimWorkAsync("prov", workerType, new { workerGroup = "g", workerId = "w", tasks = 4 });
        var second = await _queue.ClaimWorkAsync("prov", workerType, new { workerGroup = "g", workerId = "w", tasks = 4 });

        Assert.That(first.GetProperty("tasks").GetArrayLength(), Is.EqualTo(1));
        Assert.That(first.GetProperty("tasks")[0].GetProperty("status").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
        Assert.That(second.GetProperty("tasks").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Reporting_a_run_that_is_not_running_conflicts()
    {
        string taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.ReportCompletedAsync(taskId, "0", new { success = true }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Define_then_schedule_moves_a_task_from_unscheduled_to_pending()
    {
        string taskId = Slugid.Nice();

        var defined = await _queue.DefineTaskAsync(taskId, TaskDefinitions.Valid());
        var scheduled = await _queue.ScheduleTaskAsync(taskId);

        Assert.That(defined.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("unscheduled"));
        Assert.That(scheduled.GetProperty("status").GetProperty("state").GetString(), Is.EqualTo("pending"));
    }
}
