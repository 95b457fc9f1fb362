using System.Text;
using System.Text.Json;
using Taskcluster.Cli.Tests.Infrastructure;

namespace Taskcluster.Cli.Tests.Commands;

/// <summary><c>taskcluster task status|def|artifacts|log</c> and <c>taskcluster group list</c>.</summary>
[TestFixture]
public sealed class TaskTests : StandInFixture
{
    [Test]
    public async Task Status_prints_the_state()
    {
        string pending = await CreateTaskAsync();
        string running = await RunningTaskAsync();

        var first = await Tool.RunAsync(Environment, "task", "status", pending);
        var second = await Tool.RunAsync(Environment, "task", "status", running);

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.Stdout, Is.EqualTo("pending\n"));
        Assert.That(second.Stdout, Is.EqualTo("running\n"), second.ToString());
    }

    [Test]
    public async Task Status_json_prints_the_whole_status()
    {
        string taskId = await RunningTaskAsync();

        var result = await Tool.RunAsync(Environment, "task", "status", taskId, "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var status = JsonDocument.Parse(result.Stdout);
        Assert.That(status.RootElement.GetProperty("taskId").GetString(), Is.EqualTo(taskId));
        Assert.That(status.RootElement.GetProperty("runs")[0].GetProperty("workerId").GetString(), Is.EqualTo("w"));
    }

    [Test]
    public async Task Def_prints_the_definition()
    {
        string taskId = await CreateTaskAsync(name: "definition under test");

        var result = await Tool.RunAsync(Environment, "task", "def", taskId);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var definition = JsonDocument.Parse(result.Stdout);
        Assert.That(definition.RootElement.GetProperty("metadata").GetProperty("name").GetString(), Is.EqualTo("definition under test"));
    }

    [Test]
    public async Task Artifacts_lists_every_artifact_name_of_the_latest_run()
    {
        string taskId = await RunningTaskAsync();
        string[] names = { "public/a.txt", "public/b.txt", "private/c.bin" };
        foreach (string name in names) await UploadS3Async(taskId, name, Encoding.UTF8.GetBytes(name));

        var latest = await Tool.RunAsync(Environment, "task", "artifacts", taskId);
        var run0 = await Tool.RunAsync(Environment, "task", "artifacts", taskId, "--run", "0", "--json");

        Assert.That(latest.ExitCode, Is.Zero, latest.ToString());
        Assert.That(latest.StdoutLines, Is.EquivalentTo(names));
        Assert.That(run0.ExitCode, Is.Zero, run0.ToString());
        var artifacts = run0.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.That(artifacts.Select(a => a.GetProperty("name").GetString()), Is.EquivalentTo(names));
        Assert.That(artifacts.Select(a => a.GetProperty("storageType").GetString()), Has.All.EqualTo("s3"));
    }

    [Test]
    public async Task Log_writes_the_live_log_to_stdout()
    {
        string taskId = await RunningTaskAsync();
        string log = "step 1\nstep 2: ünïcode ✓\ndone\n";
        await UploadS3Async(taskId, "public/logs/live.log", Encoding.UTF8.GetBytes(log), "text/plain; charset=utf-8");

        var result = await Tool.RunAsync(Environment, "task", "log", taskId);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Is.EqualTo(log));
    }

    [Test]
    public async Task Log_of_a_task_without_one_exits_1_with_the_server_message()
    {
        string taskId = await RunningTaskAsync();

        var result = await Tool.RunAsync(Environment, "task", "log", taskId);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("404").And.Contain("ResourceNotFound"));
    }

    [Test]
    public async Task Status_of_an_unknown_task_exits_1_with_the_server_message()
    {
        string missing = Slugid.Nice();
        var expected = Assert.ThrowsAsync<TaskclusterException>(() => Queue.StatusAsync(missing))!;

        var result = await Tool.RunAsync(Environment, "task", "status", missing);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain(expected.ServerMessage!));
    }

    [Test]
    public async Task Group_list_follows_every_page()
    {
        string group = Slugid.Nice();
        var created = new List<string>();
        for (int i = 0; i < 5; i++) created.Add(await CreateTaskAsync(group, name: "member " + i));

        // Two tasks a page: three pages, all printed.
        var result = await Tool.RunAsync(Environment, "group", "list", group, "--limit", "2");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var rows = result.StdoutLines.Select(line => line.Split('\t')).ToList();
        Assert.That(rows.Select(r => r[0]), Is.EquivalentTo(created));
        Assert.That(rows.Select(r => r[1]), Has.All.EqualTo("pending"));
        Assert.That(rows.Select(r => r[2]), Is.EquivalentTo(Enumerable.Range(0, 5).Select(i => "member " + i)));
    }

    [Test]
    public async Task Group_list_json_prints_one_task_a_line()
    {
        string group = Slugid.Nice();
        string taskId = await CreateTaskAsync(group);

        var result = await Tool.RunAsync(Environment, "group", "list", group, "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutLines, Has.Length.EqualTo(1));
        using var line = JsonDocument.Parse(result.StdoutLines[0]);
        Assert.That(line.RootElement.GetProperty("status").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
    }

    [Test]
    public async Task Group_list_of_an_unknown_group_exits_1()
    {
        var result = await Tool.RunAsync(Environment, "group", "list", Slugid.Nice());

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("404"));
    }
}
