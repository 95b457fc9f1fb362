using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Local.Tests.Quickstart;

/// <summary>The README's first command, run as a user would run it: the built sample, its exit code and its output.</summary>
[TestFixture]
public sealed class QuickstartTests
{
    [Test]
    public async Task The_quick_start_runs_end_to_end_and_prints_every_step()
    {
        string sample = BuiltProjects.Path("samples", "Quickstart", "Quickstart.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{sample}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        string text = await output;

        Assert.That(process.ExitCode, Is.Zero, text + await errors);
        // States are printed as the typed client's enum members (TaskStatusState.Pending), not as wire strings.
        Assert.That(text, Does.Contain("created task").And.Contain(": Pending"));
        Assert.That(text, Does.Contain("claimed run 0").And.Contain("as task-client/"));
        Assert.That(text, Does.Contain("uploaded public/hello.txt"));
        Assert.That(text, Does.Contain("with queue queue/guest/quickstart"), "bound the way a Pulse user binds");
        Assert.That(text, Does.Contain("received exchange/taskcluster-queue/v1/task-completed"));
        Assert.That(text, Does.Contain("deleted queue queue/guest/quickstart"));
        Assert.That(text, Does.Contain("indexed as quickstart.latest"));
        Assert.That(text, Does.Contain("3 tasks, two a page (Completed, Pending, Pending)"));
        Assert.That(text, Does.Contain("fetched the artifact through a signed URL: hello from the quick start"));
        Assert.That(text, Does.Contain("final state: Completed"));
        Assert.That(text, Does.Contain("every step worked"));
    }

    [Test]
    public async Task The_quick_start_exits_non_zero_and_says_why_when_the_broker_is_unreachable()
    {
        string sample = BuiltProjects.Path("samples", "Quickstart", "Quickstart.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{sample}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TASKCLUSTER_AMQP"] = "amqp://guest:guest@127.0.0.1:1/"; // nothing listens on port 1
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        Assert.That(process.ExitCode, Is.EqualTo(1), await output);
        Assert.That(await errors, Does.Contain("quick start failed").And.Contain("is RabbitMQ running?"));
    }
}
