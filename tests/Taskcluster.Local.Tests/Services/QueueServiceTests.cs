using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Services;

/// <summary>Today's queue: tasks, task groups, dependencies, claims and resolution.</summary>
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

    private Task<ClaimWorkResponse> ClaimAsync(string taskQueueId, int tasks = 1)
        => _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim(tasks: tasks));

    [Test]
    public async Task A_created_task_is_pending_and_returns_its_definition_with_todays_defaults()
    {
        string taskId = Slugid.Nice();

        var created = await _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid("prov", "wt"));
        var task = await _queue.TaskAsync(taskId);

        var status = created.Status;
        Assert.That(status.State, Is.EqualTo(TaskStatusState.Pending));
        Assert.That(status.Runs[0].ReasonCreated, Is.EqualTo(TaskStatusRunsItemReasonCreated.Scheduled));
        Assert.That(status.TaskQueueId, Is.EqualTo("prov/wt"));
        Assert.That(task.TaskQueueId, Is.EqualTo("prov/wt"));
        Assert.That(task.SchedulerId, Is.EqualTo("-"));
        Assert.That(task.ProjectId, Is.EqualTo("none"));
        Assert.That(task.TaskGroupId, Is.EqualTo(taskId));
        Assert.That(task.Priority, Is.EqualTo(TaskPriority.Lowest));
        Assert.That(task.Retries, Is.EqualTo(5));
        Assert.That((string?)task.Payload["command"], Is.EqualTo("true"));
    }

    [Test]
    public async Task A_task_given_only_a_taskQueueId_gets_its_provisionerId_and_workerType_from_it()
    {
        string taskId = Slugid.Nice();

        await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue("my-prov/my-type"));
        var task = await _queue.TaskAsync(taskId);

        Assert.That(task.ProvisionerId, Is.EqualTo("my-prov"));
        Assert.That(task.WorkerType, Is.EqualTo("my-type"));
    }

    [Test]
    public void A_taskQueueId_that_disagrees_with_provisionerId_and_workerType_is_a_400()
    {
        var task = TaskDefinitions.Valid("prov", "wt");
        task.TaskQueueId = "prov/other";

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateTaskAsync(Slugid.Nice(), task));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ServerMessage, Does.Contain("taskQueueId"));
    }

    [Test]
    public async Task Creating_the_same_task_twice_is_idempotent_but_a_different_definition_conflicts()
    {
        string taskId = Slugid.Nice();
        var definition = TaskDefinitions.Valid();
        await _queue.CreateTaskAsync(taskId, definition);

        var again = await _queue.CreateTaskAsync(taskId, definition);
        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid("prov", "other")));

        Assert.That(again.Status.TaskId, Is.EqualTo(taskId));
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [TestCase("workerType")]
    [TestCase("deadline")]
    [TestCase("created")]
    [TestCase("payload")]
    [TestCase("metadata")]
    public void A_task_missing_a_required_field_is_a_400_that_names_it(string field)
    {
        // Raw JSON through the by-name call: the typed model cannot leave out a property the schema requires, and the
        // point here is what the stand-in answers when a client does.
        var definition = TaskDefinitions.Json(TaskDefinitions.Valid());
        Assert.That(definition.Remove(field), Is.True, $"the valid definition should have had {field}");

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CallAsync("createTask", new[] { Slugid.Nice() }, definition));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ServerMessage, Does.Contain(field == "workerType" ? "taskQueueId" : field));
    }

    [Test]
    public void A_deadline_more_than_five_days_ahead_is_a_400()
    {
        var definition = TaskDefinitions.Valid();
        definition.Deadline = DateTimeOffset.UtcNow.AddDays(6);

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateTaskAsync(Slugid.Nice(), definition));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ServerMessage, Does.Contain("5 days"));
    }

    [Test]
    public void An_unknown_task_is_a_404()
    {
        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.StatusAsync(Slugid.Nice()));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Of_many_concurrent_claims_on_one_task_queue_exactly_one_gets_the_task()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue();
        string taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));

        var attempts = Enumerable.Range(0, 12)
            .Select(i => _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim(workerId: "w" + i)))
            .ToArray();
        var answers = await Task.WhenAll(attempts);

        Assert.That(answers.Sum(a => a.Tasks.Count), Is.EqualTo(1));
        var status = await _queue.StatusAsync(taskId);
        Assert.That(status.Status.State, Is.EqualTo(TaskStatusState.Running));
    }

    [Test]
    public async Task Claim_work_hands_out_the_task_with_its_definition_run_and_credentials_and_higher_priorities_first()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue();
        string low = Slugid.Nice(), high = Slugid.Nice();
        await _queue.CreateTaskAsync(low, TaskDefinitions.InQueue(taskQueueId));
        var urgent = TaskDefinitions.InQueue(taskQueueId);
        urgent.Priority = TaskPriority.High;
        await _queue.CreateTaskAsync(high, urgent);

        var first = (await ClaimAsync(taskQueueId)).Tasks;
        var second = (await ClaimAsync(taskQueueId, tasks: 4)).Tasks;
        var third = (await ClaimAsync(taskQueueId)).Tasks;

        Assert.That(first[0].Status.TaskId, Is.EqualTo(high));
        Assert.That(first[0].RunId, Is.Zero);
        Assert.That(first[0].Task.Priority, Is.EqualTo(TaskPriority.High));
        Assert.That(first[0].Credentials.Certificate, Is.Not.Empty);
        Assert.That(first[0].Status.State, Is.EqualTo(TaskStatusState.Running));
        Assert.That(second, Has.Count.EqualTo(1));
        Assert.That(second[0].Status.TaskId, Is.EqualTo(low));
        Assert.That(third, Is.Empty);
    }

    [Test]
    public async Task A_run_is_claimed_reclaimed_and_reported_failed_and_a_rerun_starts_a_new_run()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue();
        string taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
        var claim = (await ClaimAsync(taskQueueId)).Tasks[0];

        var reclaimed = await _queue.ReclaimTaskAsync(taskId, "0");
        var failed = await _queue.ReportFailedAsync(taskId, "0");
        var again = await _queue.ReportFailedAsync(taskId, "0");
        var conflict = Assert.ThrowsAsync<TaskclusterException>(() => _queue.ReportCompletedAsync(taskId, "0"));
        var rerun = await _queue.RerunTaskAsync(taskId);

        Assert.That(reclaimed.TakenUntil, Is.GreaterThanOrEqualTo(claim.TakenUntil));
        Assert.That(failed.Status.State, Is.EqualTo(TaskStatusState.Failed));
        Assert.That(again.Status.State, Is.EqualTo(TaskStatusState.Failed), "reporting the same outcome again is idempotent");
        Assert.That(conflict!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var runs = rerun.Status.Runs;
        Assert.That(runs, Has.Count.EqualTo(2));
        Assert.That(runs[1].ReasonCreated, Is.EqualTo(TaskStatusRunsItemReasonCreated.Rerun));
        Assert.That(rerun.Status.State, Is.EqualTo(TaskStatusState.Pending));
    }

    [Test]
    public async Task An_intermittent_exception_is_retried_while_retries_last_then_resolves_the_task()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue();
        string taskId = Slugid.Nice();
        var definition = TaskDefinitions.InQueue(taskQueueId);
        definition.Retries = 1;
        await _queue.CreateTaskAsync(taskId, definition);
        var intermittent = new TaskExceptionRequest { Reason = TaskExceptionRequestReason.IntermittentTask };

        await ClaimAsync(taskQueueId);
        var retried = await _queue.ReportExceptionAsync(taskId, "0", intermittent);
        await ClaimAsync(taskQueueId);
        var resolved = await _queue.ReportExceptionAsync(taskId, "1", intermittent);

        var runs = retried.Status.Runs;
        Assert.That(runs[0].ReasonResolved, Is.EqualTo(TaskStatusRunsItemReasonResolved.IntermittentTask));
        Assert.That(runs[1].ReasonCreated, Is.EqualTo(TaskStatusRunsItemReasonCreated.TaskRetry));
        Assert.That(retried.Status.State, Is.EqualTo(TaskStatusState.Pending));
        Assert.That(resolved.Status.State, Is.EqualTo(TaskStatusState.Exception));
        Assert.That(resolved.Status.RetriesLeft, Is.Zero);
    }

    [Test]
    public void An_exception_with_an_unknown_reason_is_a_400()
    {
        var error = Assert.ThrowsAsync<TaskclusterException>(async () =>
        {
            string taskQueueId = TaskDefinitions.UniqueQueue(), taskId = Slugid.Nice();
            await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
            await ClaimAsync(taskQueueId);
            // By name with raw JSON: "bored" is outside the schema's enum, so the typed request cannot carry it.
            await _queue.CallAsync("reportException", new[] { taskId, "0" }, new JsonObject { ["reason"] = "bored" });
        });

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Reporting_a_run_that_is_not_running_conflicts()
    {
        string taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.ReportCompletedAsync(taskId, "0"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task A_task_with_dependencies_stays_unscheduled_until_they_complete()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue();
        string first = Slugid.Nice(), second = Slugid.Nice();
        await _queue.CreateTaskAsync(first, TaskDefinitions.InQueue(taskQueueId));
        var dependent = TaskDefinitions.InQueue(taskQueueId);
        dependent.Dependencies = [first];

        var before = await _queue.CreateTaskAsync(second, dependent);
        await ClaimAsync(taskQueueId);
        await _queue.ReportCompletedAsync(first, "0");
        var after = await _queue.StatusAsync(second);

        Assert.That(before.Status.State, Is.EqualTo(TaskStatusState.Unscheduled));
        Assert.That(after.Status.State, Is.EqualTo(TaskStatusState.Pending));
    }

    [Test]
    public void A_dependency_on_a_task_that_does_not_exist_is_a_400()
    {
        var dependent = TaskDefinitions.Valid();
        string missing = Slugid.Nice();
        dependent.Dependencies = [missing];

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateTaskAsync(Slugid.Nice(), dependent));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ServerMessage, Does.Contain(missing));
    }

    [Test]
    public async Task List_task_group_pages_through_every_member_in_creation_order()
    {
        string groupId = Slugid.Nice();
        var created = new List<string>();
        for (int i = 0; i < 7; i++)
        {
            string taskId = Slugid.Nice();
            created.Add(taskId);
            await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(TaskDefinitions.UniqueQueue(), groupId));
        }

        var pages = new List<ListTaskGroupResponse>();
        await foreach (var page in _queue.ListTaskGroupPagesAsync(groupId, limit: 3)) pages.Add(page);
        var items = new List<string>();
        await foreach (var member in _queue.ListTaskGroupItemsAsync(groupId, limit: 3)) items.Add(member.Status.TaskId);
        var first = await _queue.ListTaskGroupAsync(groupId, limit: 3);
        // The last page's raw JSON, to see that the stand-in leaves continuationToken out rather than sending null.
        var last = await _queue.CallAsync("listTaskGroup", new[] { groupId }, null,
            new Dictionary<string, string?> { ["limit"] = "3", ["continuationToken"] = pages[^2].ContinuationToken });

        Assert.That(pages, Has.Count.EqualTo(3));
        Assert.That(pages.Select(p => p.Tasks.Count), Is.EqualTo(new[] { 3, 3, 1 }));
        var listed = pages.SelectMany(p => p.Tasks).Select(t => t.Status.TaskId);
        Assert.That(listed, Is.EqualTo(created));
        Assert.That(items, Is.EqualTo(created), "the items form yields the same members in the same order");
        Assert.That(first.ContinuationToken, Is.Not.Empty);
        Assert.That(pages[^1].ContinuationToken, Is.Null);
        Assert.That(last.TryGetProperty("continuationToken", out _), Is.False);
        Assert.That(first.SchedulerId, Is.EqualTo("-"));
        Assert.That(first.Tasks[0].Task.TaskGroupId, Is.EqualTo(groupId));
    }

    [Test]
    public async Task List_dependent_tasks_pages_through_the_tasks_that_wait_for_a_task_in_creation_order()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue();
        string first = Slugid.Nice(), unrelated = Slugid.Nice();
        await _queue.CreateTaskAsync(first, TaskDefinitions.InQueue(taskQueueId));
        await _queue.CreateTaskAsync(unrelated, TaskDefinitions.InQueue(taskQueueId));
        var dependents = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var dependent = TaskDefinitions.InQueue(taskQueueId);
            dependent.Dependencies = i == 1 ? [unrelated, first] : [first];
            string taskId = Slugid.Nice();
            dependents.Add(taskId);
            await _queue.CreateTaskAsync(taskId, dependent);
        }

        var pages = new List<ListDependentTasksResponse>();
        await foreach (var page in _queue.ListDependentTasksPagesAsync(first, limit: 2)) pages.Add(page);
        var none = await _queue.ListDependentTasksAsync(dependents[0]);
        var unknown = Assert.ThrowsAsync<TaskclusterException>(() => _queue.ListDependentTasksAsync(Slugid.Nice()));

        Assert.That(pages.Select(p => p.Tasks.Count), Is.EqualTo(new[] { 2, 1 }));
        Assert.That(pages.SelectMany(p => p.Tasks).Select(t => t.Status.TaskId), Is.EqualTo(dependents));
        Assert.That(pages[0].TaskId, Is.EqualTo(first));
        Assert.That(pages[0].Tasks[0].Task.Dependencies, Is.EqualTo(new[] { first }));
        Assert.That(pages[0].Tasks[0].Status.State, Is.EqualTo(TaskStatusState.Unscheduled));
        Assert.That(none.Tasks, Is.Empty);
        Assert.That(none.ContinuationToken, Is.Null);
        Assert.That(unknown!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void An_unknown_task_group_and_a_bad_continuation_token_are_refused()
    {
        var unknown = Assert.ThrowsAsync<TaskclusterException>(() => _queue.ListTaskGroupAsync(Slugid.Nice()));
        var badToken = Assert.ThrowsAsync<TaskclusterException>(async () =>
        {
            string taskId = Slugid.Nice();
            await _queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());
            await _queue.ListTaskGroupAsync(taskId, continuationToken: "%%%");
        });

        Assert.That(unknown!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(badToken!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Every_task_in_a_group_must_share_its_schedulerId()
    {
        string groupId = Slugid.Nice();
        await _queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.InQueue(TaskDefinitions.UniqueQueue(), groupId));
        var stranger = TaskDefinitions.InQueue(TaskDefinitions.UniqueQueue(), groupId);
        stranger.SchedulerId = "someone-else";

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateTaskAsync(Slugid.Nice(), stranger));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Task_queue_counts_report_pending_and_claimed_tasks()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue();
        for (int i = 0; i < 3; i++) await _queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.InQueue(taskQueueId));
        await ClaimAsync(taskQueueId);

        var counts = await _queue.TaskQueueCountsAsync(taskQueueId);

        Assert.That(counts.PendingTasks, Is.EqualTo(2));
        Assert.That(counts.ClaimedTasks, Is.EqualTo(1));
    }

    [Test]
    public void An_entry_the_stand_in_does_not_implement_answers_501_and_says_so()
    {
        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CancelTaskAsync(Slugid.Nice()));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotImplemented));
        Assert.That(error.ServerMessage, Does.Contain("does not implement queue.cancelTask"));
    }
}
