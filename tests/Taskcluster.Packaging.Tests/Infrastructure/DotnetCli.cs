using System.Diagnostics;
using System.Text;
using System.Threading;

namespace Taskcluster.Packaging.Tests.Infrastructure;

/// <summary>Runs the dotnet CLI as a child process, the way a user at a terminal would.</summary>
internal static class DotnetCli
{
    /// <summary>Runs <c>dotnet</c> with the arguments and returns its exit code and interleaved output.</summary>
    /// <param name="workingDirectory">Where the command runs (NuGet.config and global.json are looked up from there).</param>
    /// <param name="timeout">After this the whole process tree is killed and the result says it timed out.</param>
    /// <param name="arguments">The CLI arguments, one per item (no shell quoting).</param>
    public static async Task<CommandResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        PrepareEnvironment(start.Environment);

        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
        }

        string commandLine = "dotnet " + string.Join(" ", arguments);
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool timedOut = false;
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        // The parameterless wait also drains the redirected streams, so no output line is lost.
        await process.WaitForExitAsync().ConfigureAwait(false);
        clock.Stop();

        string text;
        lock (output) text = output.ToString();
        return new CommandResult(commandLine, timedOut ? -1 : process.ExitCode, timedOut, clock.Elapsed, text);
    }

    private static string DotnetExecutable()
    {
        // The CLI that runs these tests tells its children where it is; prefer it over whatever PATH finds.
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static void PrepareEnvironment(IDictionary<string, string?> environment)
    {
        // `dotnet test` runs us under MSBuild, which leaves MSBuild* variables pointing at its own process; a child
        // CLI that inherits them can load the wrong SDK pieces. Start from a user's clean terminal instead.
        foreach (string key in environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)) environment.Remove(key);
        }
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // Build nodes that outlive the test would hold files of the temporary folders we delete afterwards.
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        // The consumer restores into its own folder; a machine-wide override would defeat that.
        environment.Remove("NUGET_PACKAGES");
    }
}
