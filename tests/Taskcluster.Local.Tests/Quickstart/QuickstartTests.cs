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
        string sample = FindSample();
        var start = new ProcessStartInfo("dotnet", $"\"{sample}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        string text = await output;

        Assert.That(process.ExitCode, Is.Zero, text + await errors);
        Assert.That(text, Does.Contain("created task").And.Contain("pending"));
        Assert.That(text, Does.Contain("claimed run 0"));
        Assert.That(text, Does.Contain("uploaded public/hello.txt"));
        Assert.That(text, Does.Contain("received queue/v1/task-completed"));
        Assert.That(text, Does.Contain("fetched the artifact through a signed URL: hello from the quick start"));
        Assert.That(text, Does.Contain("final state: completed"));
    }

    /// <summary>
    /// The sample is built with this project (a build-order-only project reference); its output sits beside ours:
    /// tests/Taskcluster.Local.Tests/bin/&lt;Configuration&gt;/net10.0 ↔ samples/Quickstart/bin/&lt;Configuration&gt;/net10.0.
    /// </summary>
    private static string FindSample()
    {
        var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        string framework = testDirectory.Name;
        string configuration = testDirectory.Parent!.Name;
        var repository = testDirectory.Parent.Parent!.Parent!.Parent!.Parent!;
        string sample = Path.Combine(repository.FullName, "samples", "Quickstart", "bin", configuration, framework, "Quickstart.dll");
        Assert.That(File.Exists(sample), Is.True, $"the quick start should have been built at {sample}");
        return sample;
    }
}
