using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Auth;

/// <summary>
/// Today's scope expressions as the stand-in checks them: AllOf, AnyOf, for/each, with parameters from the route,
/// the payload and the task the request is about.
/// </summary>
[TestFixture]
public sealed class ScopeExpressionTests
{
    private static readonly string[] s_base = { "queue:create-task:project:none", "queue:scheduler-id:-" };

    private readonly LocalClient _veryHigh = new("very-high", "t1", s_base.Append("queue:create-task:very-high:prov/wt").ToArray());
    private readonly LocalClient _low = new("low", "t2", s_base.Append("queue:create-task:low:prov/wt").ToArray());
    private readonly LocalClient _oneRoute = new("one-route", "t3", TaskDefinitions.CreateScopes().Append("queue:route:index.a").ToArray());
    private readonly LocalClient _allRoutes = new("all-routes", "t4", TaskDefinitions.CreateScopes().Append("queue:route:index.*").ToArray());
    private readonly LocalClient _projectRerunner = new("rerunner", "t5", new[] { "queue:rerun-task-in-project:my-project" });
    private readonly LocalClient _legacyScheduler = new("legacy", "t6", new[] { "queue:schedule-task", "assume:scheduler-id:my-scheduler/*" });
    private readonly LocalClient _claimer = new("claimer", "t7", new[] { "queue:claim-work:prov/claims" });
    private LocalTaskcluster _tc = null!;
    private Queue _root = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new LocalTaskclusterOptions();
        foreach (var client in new[] { _veryHigh, _low, _oneRoute, _allRoutes, _projectRerunner, _legacyScheduler, _claimer }) options.Clients.Add(client);
        _tc = await LocalTaskcluster.StartAsync(options);
        _root = new Queue(_tc.ClientOptions("queue"));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    private Queue As(LocalClient client) => new(_tc.ClientOptions("queue", client.Credentials));

    [Test]
    public async Task An_AnyOf_over_priorities_is_satisfied_by_a_scope_for_a_higher_priority_than_the_tasks()
    {
        var task = TaskDefinitions.Valid();
        task.Priority = TaskPriority.High; // acceptable: highest, very-high, high

        var created = await As(_veryHigh).CreateTaskAsync(Slugid.Nice(), task);
        var refused = Assert.ThrowsAsync<TaskclusterException>(() => As(_low).CreateTaskAsync(Slugid.Nice(), task));

        Assert.That(created.Status.Priority, Is.EqualTo(TaskPriority.High));
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.ServerMessage, Does.Contain("queue:create-task:high:prov/wt"));
    }

    [Test]
    public async Task An_AnyOf_is_satisfied_by_its_second_branch_with_the_projectId_taken_from_the_task()
    {
        string inProject = Slugid.Nice(), elsewhere = Slugid.Nice();
        var task = TaskDefinitions.InQueue(TaskDefinitions.UniqueQueue());
        task.ProjectId = "my-project";
        await _root.CreateTaskAsync(inProject, task);
        await _root.CreateTaskAsync(elsewhere, TaskDefinitions.InQueue(TaskDefinitions.UniqueQueue()));
        await ResolveAsync(inProject);
        await ResolveAsync(elsewhere);

        var rerun = await As(_projectRerunner).RerunTaskAsync(inProject);
        var refused = Assert.ThrowsAsync<TaskclusterException>(() => As(_projectRerunner).RerunTaskAsync(elsewhere));

        Assert.That(rerun.Status.Runs, Has.Count.EqualTo(2));
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.ServerMessage, Does.Contain("queue:rerun-task-in-project:none"));
    }

    [Test]
    public async Task The_legacy_AllOf_branch_of_scheduleTask_takes_schedulerId_and_taskGroupId_from_the_task()
    {
        string taskId = Slugid.Nice(), groupId = Slugid.Nice();
        var task = TaskDefinitions.Valid();
        task.SchedulerId = "my-scheduler";
        task.TaskGroupId = groupId;
        task.Dependencies = [taskId]; // depends on itself: waits for scheduleTask
        await _root.CreateTaskAsync(taskId, task);

        var scheduled = await As(_legacyScheduler).ScheduleTaskAsync(taskId);

        Assert.That(scheduled.Status.State, Is.EqualTo(TaskStatusState.Pending));
    }

    [Test]
    public async Task Creating_a_task_with_routes_needs_a_route_scope_for_each_route()
    {
        var oneRoute = TaskDefinitions.Valid("prov", "wt", "index.a");
        var twoRoutes = TaskDefinitions.Valid("prov", "wt", "index.a", "index.b");

        var allowed = await As(_oneRoute).CreateTaskAsync(Slugid.Nice(), oneRoute);
        var refused = Assert.ThrowsAsync<TaskclusterException>(() => As(_oneRoute).CreateTaskAsync(Slugid.Nice(), twoRoutes));
        var starred = await As(_allRoutes).CreateTaskAsync(Slugid.Nice(), twoRoutes);

        Assert.That(allowed.Status.State, Is.EqualTo(TaskStatusState.Pending));
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.ServerMessage, Does.Contain("queue:route:index.b"));
        Assert.That(starred.Status.State, Is.EqualTo(TaskStatusState.Pending));
    }

    [Test]
    public void Creating_a_task_with_scopes_needs_each_of_those_scopes()
    {
        var task = TaskDefinitions.Valid();
        task.Scopes = ["secrets:get:project/x"];

        var refused = Assert.ThrowsAsync<TaskclusterException>(() => As(_allRoutes).CreateTaskAsync(Slugid.Nice(), task));

        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.ServerMessage, Does.Contain("secrets:get:project/x"));
    }

    [Test]
    public void Claiming_work_needs_the_worker_id_scope_from_the_payload_as_well_as_the_task_queue_scope()
    {
        var refused = Assert.ThrowsAsync<TaskclusterException>(
            () => As(_claimer).ClaimWorkAsync("prov/claims", TaskDefinitions.Claim("grp", "wkr")));

        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.ServerMessage, Does.Contain("queue:worker-id:grp/wkr"));
    }

    [Test]
    public async Task Task_credentials_from_a_claim_act_on_their_own_run_only()
    {
        string mine = Slugid.Nice(), other = Slugid.Nice();
        string queueA = TaskDefinitions.UniqueQueue(), queueB = TaskDefinitions.UniqueQueue();
        await _root.CreateTaskAsync(mine, TaskDefinitions.InQueue(queueA));
        await _root.CreateTaskAsync(other, TaskDefinitions.InQueue(queueB));
        var claim = (await _root.ClaimWorkAsync(queueA, TaskDefinitions.Claim())).Tasks[0];
        await _root.ClaimWorkAsync(queueB, TaskDefinitions.Claim());
        var credentials = claim.Credentials;
        var worker = new Queue(_tc.ClientOptions("queue", new Credentials(credentials.ClientId, credentials.AccessToken, credentials.Certificate)));

        var reclaimed = await worker.ReclaimTaskAsync(mine, "0");
        var refused = Assert.ThrowsAsync<TaskclusterException>(() => worker.ReportCompletedAsync(other, "0"));
        var completed = await worker.ReportCompletedAsync(mine, "0");

        Assert.That(credentials.ClientId, Does.StartWith($"task-client/{mine}/0/on/g/w/until/"));
        Assert.That(reclaimed.Credentials.ClientId, Does.StartWith($"task-client/{mine}/0/"));
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.ServerMessage, Does.Contain($"queue:resolve-task:{other}/0"));
        Assert.That(completed.Status.State, Is.EqualTo(TaskStatusState.Completed));
    }

    private async Task ResolveAsync(string taskId)
    {
        string taskQueueId = (await _root.StatusAsync(taskId)).Status.TaskQueueId;
        await _root.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim());
        await _root.ReportCompletedAsync(taskId, "0");
    }
}
