using System;
using System.CommandLine;
using System.Text;
using System.Threading.Tasks;

namespace Taskcluster.Cli.Commands;

/// <summary><c>taskcluster slugid [--count n]</c>: new task ids, one a line.</summary>
internal static class SlugidCommand
{
    public static Command Create()
    {
        var count = Counts.PositiveOption("--count", "-n", "How many ids to print [default: 1]");
        var command = new Command("slugid", "Print new slugids (22-character ids that never start with '-', as task ids should be).") { count };
        CommandActions.Set(command, (parsed, _) =>
        {
            int n = parsed.GetValue(count) ?? 1;
            var lines = new StringBuilder(n * 23);
            for (int i = 0; i < n; i++) lines.Append(Slugid.Nice()).Append('\n');
            Console.Out.Write(lines.ToString());
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
