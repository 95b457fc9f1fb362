namespace Taskcluster.Cli;

/// <summary>
/// What the process exit code tells a script: a call that failed (1) is worth retrying or reporting, a usage error (2)
/// needs the command line or the configuration fixed first.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A call or transfer failed: the server's answer, a network or broker problem, a file that could not be written.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the configuration is wrong: nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
