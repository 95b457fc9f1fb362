namespace Taskcluster.References;

/// <summary>The tool's exit codes; scripts and CI rely on them, so they never change meaning.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary><c>docs --check</c>: the README's API section does not match the references.</summary>
    public const int OutOfDate = 1;

    /// <summary>Unknown command or option, or a missing or invalid argument.</summary>
    public const int Usage = 2;

    /// <summary>No reference has the given name, or <c>add</c> met an existing name without <c>--force</c>.</summary>
    public const int UnknownOrExistingName = 3;

    /// <summary>A source could not be fetched: unreachable URL, HTTP error status, missing file.</summary>
    public const int SourceUnavailable = 4;

    /// <summary>A fetched document is not JSON or not a TaskCluster reference.</summary>
    public const int NotAReference = 5;

    /// <summary>The references file or the README is missing, unreadable or malformed.</summary>
    public const int BadInputFile = 6;
}
