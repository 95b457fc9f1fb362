using System.CommandLine;

namespace Taskcluster.Cli.Commands;

/// <summary>
/// A command with a one-line description (what listings show) and longer details that only its own <c>--help</c>
/// prints, after the usage.
/// </summary>
internal sealed class DetailedCommand : Command
{
    public DetailedCommand(string name, string title, string details)
        : base(name, title)
    {
        Details = details;
    }

    public string Details { get; }
}
