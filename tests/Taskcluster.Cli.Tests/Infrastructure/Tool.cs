using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

using Taskcluster.Cli.Tests;

namespace Taskcluster.Cli.Tests.Infrastructure;

/// <summary>What a finished run of the installed <c>taskcluster</c> left behind.</summary>
public sealed record ToolResult(string CommandLine, int ExitCode, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Everything a failed assertion needs to be understood without running the command again.</summary>
    public override string ToString() => $"`{CommandLine}` exited {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the installed <c>taskcluster</c> as a child process with exactly the environment a test gives it.</summary>
public static class Tool
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs to completion with <paramref name="stdin"/> as its standard input.</summary>
    public static Task<ToolResult> RunWithInputAsync(IReadOnlyDictionary<string, string>? environment, string stdin, params string[] arguments)
        => RunProgramAsync(InstalledTool.Executable, environment, stdin, arguments);

    /// <summary>Runs another program (one that runs the tool in its own way) with the tool's environment.</summary>
    public static Task<ToolResult> RunProgramAsync(string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
        => RunProgramAsync(program, environment, null, arguments);

    private static async Task<ToolResult> RunProgramAsync(string program, IReadOnlyDictionary<string, string>? environment, string? stdin, string[] arguments)
    {
        using var process = Start(program, environment, arguments);
        var stdout = new MemoryStream();
        var copyStdout = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readStderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{program} {string.Join(" ", arguments)}` did not finish in {s_timeout}.");
        }
        await copyStdout;
        return new ToolResult("taskcluster " + string.Join(" ", arguments), process.ExitCode, stdout.ToArray(), await readStderr);
    }

    /// <summary>Runs to completion with an empty, redirected standard input.</summary>
    public static Task<ToolResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
        => RunProgramAsync(InstalledTool.Executable, environment, null, arguments);

    /// <summary>Starts the tool and leaves it running, for commands that go on until they are stopped (listen).</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
        => Start(InstalledTool.Executable, environment, arguments);

    private static Process Start(string program, IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = InstalledTool.Scratch,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // The developer's own TaskCluster settings must not leak into a test: only what the test gives counts.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("TASKCLUSTER_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        if (environment is not null)
        {
            foreach (var pair in environment) start.Environment[pair.Key] = pair.Value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("The tool did not start.");
    }

    /// <summary>Sends SIGINT, what Ctrl+C in a terminal sends.</summary>
    public static void Interrupt(Process process)
    {
        const int SIGINT = 2;
        Assert.That(kill(process.Id, SIGINT), Is.Zero, "kill(SIGINT) failed");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
