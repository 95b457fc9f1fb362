using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Aot;

/// <summary>
/// samples/AotTasks published with NativeAOT (no IL warnings allowed) and run against the stand-in: the typed clients
/// create tasks, read a status and page a task group with no reflection anywhere on the way.
/// </summary>
[TestFixture]
public sealed class AotSampleTests
{
    private string _output = "";
    private string _publishLog = "";
    private int _publishExitCode;

    [OneTimeSetUp]
    public async Task PublishAsync()
    {
        _output = Path.Combine(Path.GetTempPath(), "tc-aot-" + Guid.NewGuid().ToString("N"));
        string project = Path.Combine(BuiltProjects.RepositoryRoot, "samples", "AotTasks", "AotTasks.csproj");
        var (exitCode, log) = await RunAsync("dotnet", new Dictionary<string, string>(), TimeSpan.FromMinutes(10),
            "publish", project, "-c", "Release", "-r", "linux-x64", "-o", _output, "--nologo");
        _publishExitCode = exitCode;
        _publishLog = log;
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }

    [Test]
    public void The_sample_publishes_with_NativeAOT_and_no_trim_or_AOT_warnings()
    {
        Assert.That(_publishExitCode, Is.Zero, "dotnet publish failed (clang and lld are needed: ./scripts/install-aot-toolchain.sh):\n" + _publishLog);
        var warnings = _publishLog.Split('\n').Where(line => line.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(warnings, Is.Empty, "IL2xxx/IL3xxx warnings mean a call path needs reflection");
        Assert.That(File.Exists(Path.Combine(_output, "AotTasks")), Is.True, "a native executable");
        Assert.That(File.Exists(Path.Combine(_output, "AotTasks.dll")), Is.False, "no IL assembly to JIT");
    }

    [Test]
    public async Task The_native_program_creates_tasks_reads_a_status_and_pages_the_group_against_the_stand_in()
    {
        Assert.That(_publishExitCode, Is.Zero, _publishLog);
        await using var tc = await LocalTaskcluster.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["TASKCLUSTER_ROOT_URL"] = tc.RootUrl,
            ["TASKCLUSTER_CLIENT_ID"] = tc.RootClient.Credentials.ClientId,
            ["TASKCLUSTER_ACCESS_TOKEN"] = tc.RootClient.Credentials.AccessToken,
        };

        var (exitCode, output) = await RunAsync(Path.Combine(_output, "AotTasks"), environment, TimeSpan.FromSeconds(60));

        Assert.That(exitCode, Is.Zero, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines.Count(line => line.StartsWith("created ", StringComparison.Ordinal) && line.EndsWith(": Pending", StringComparison.Ordinal)), Is.EqualTo(3), output);
        Assert.That(output, Does.Contain("in aot/sample, 5 retries left"));
        Assert.That(output, Does.Contain(": 3 tasks in 2 pages (aot 0, aot 1, aot 2)"));
        Assert.That(output, Does.Contain("by name: pending"));

        // What the native program sent arrived whole: read back in this process, through the same typed client.
        string taskGroupId = lines[^1];
        var queue = new Queue(tc.ClientOptions("queue"));
        var tasks = new List<TaskDefinitionAndStatus>();
        await foreach (var task in queue.ListTaskGroupItemsAsync(taskGroupId)) tasks.Add(task);
        Assert.That(tasks.Select(t => t.Task.Metadata.Name), Is.EquivalentTo(new[] { "aot 0", "aot 1", "aot 2" }));
        Assert.That(tasks.Select(t => t.Task.Priority), Has.All.EqualTo(TaskPriority.VeryHigh));
        Assert.That(tasks.Select(t => t.Task.Requires), Has.All.EqualTo(TaskRequires.AllCompleted));
        Assert.That(tasks[0].Task.Payload["command"]!.AsArray().Select(n => (string?)n), Does.Contain("echo"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        return (process.ExitCode, await stdout + await stderr);
    }
}
