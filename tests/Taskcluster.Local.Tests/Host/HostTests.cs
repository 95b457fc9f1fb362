using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Local.Tests.Host;

/// <summary>tc-local, the stand-in's command-line host, run as a user runs it.</summary>
[TestFixture]
public sealed class HostTests
{
    [Test]
    public async Task The_host_serves_the_stand_in_and_stops_cleanly_on_SIGTERM()
    {
        string host = BuiltProjects.Path("tools", "Taskcluster.Local.Host", "Taskcluster.Local.Host.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{host}\" --root-token host-test-token") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        try
        {
            string? rootUrl = null;
            while (rootUrl is null && await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
            {
                var match = Regex.Match(line, @"^\s*root URL\s+TASKCLUSTER_ROOT_URL=(\S+)$");
                if (match.Success) rootUrl = match.Groups[1].Value;
            }
            Assert.That(rootUrl, Is.Not.Null, "the host should print the root URL clients need");
            var queue = new Queue(new ClientOptions { RootUrl = rootUrl, Credentials = new Credentials("local-admin", "host-test-token") });
            string taskId = Slugid.Nice();

            var created = await queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());
            using (var kill = Process.Start("kill", $"-TERM {process.Id}")) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            string rest = await process.StandardOutput.ReadToEndAsync();

            Assert.That(created.Status.TaskId, Is.EqualTo(taskId));
            Assert.That(rest, Does.Contain("stopped"));
            Assert.That(process.ExitCode, Is.Zero);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [TestCase("--port", "abc")]
    [TestCase("--port", "70000")]
    [TestCase("--port")]
    [TestCase("--client", "no-token")]
    [TestCase("--no-such-option")]
    public async Task A_command_line_that_does_not_parse_is_a_usage_error_not_a_crash(params string[] arguments)
    {
        string host = BuiltProjects.Path("tools", "Taskcluster.Local.Host", "Taskcluster.Local.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(host);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.That(process.ExitCode, Is.EqualTo(2), stderr);
            Assert.That(stderr, Does.Contain(arguments[0]).And.Contain("--help"));
            Assert.That(stderr, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at "), "a usage error, not a stack trace");
            Assert.That(await stdout, Does.Not.Contain("TASKCLUSTER_ROOT_URL"), "nothing should have been started");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public async Task Help_describes_the_options_and_exits_zero()
    {
        string host = BuiltProjects.Path("tools", "Taskcluster.Local.Host", "Taskcluster.Local.Host.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{host}\" --help") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(process.ExitCode, Is.Zero);
        Assert.That(stdout, Does.Contain("--port").And.Contain("--amqp").And.Contain("--root-token").And.Contain("--client"));
    }
}
