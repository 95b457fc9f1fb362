namespace Taskcluster.Packaging.Tests.Infrastructure;

/// <summary>What a finished (or timed-out) dotnet command left behind.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, bool TimedOut, TimeSpan Elapsed, string Output)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>Everything a failure message needs to be diagnosed without re-running the command.</summary>
    public string Describe()
    {
        string outcome = TimedOut ? "timed out" : "exited with " + ExitCode;
        return $"`{CommandLine}` {outcome} after {Elapsed.TotalSeconds:0.0} s. Output:{Environment.NewLine}{Output}";
    }
}
