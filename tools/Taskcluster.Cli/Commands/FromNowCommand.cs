using System;
using System.CommandLine;
using System.Threading.Tasks;
using Taskcluster.Cli.Time;

namespace Taskcluster.Cli.Commands;

/// <summary><c>taskcluster from-now "2 days 3 hours"</c>: the ISO 8601 UTC time that far from now (deadlines, expiries).</summary>
internal static class FromNowCommand
{
    public static Command Create()
    {
        // Several tokens are joined, so `from-now 2 days 3 hours` works without quotes too.
        var expression = new Argument<string[]>("expression")
        {
            Description = "years, months, weeks, days, hours, minutes, seconds (y, mo, w, d, h, m, s) in that order; a leading '-' for the past",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("from-now", "Print the UTC time (ISO 8601) an offset such as \"2 days 3 hours\" or \"-1 week\" from now, as TaskCluster's fromNow computes it.")
        {
            expression,
        };
        CommandActions.Set(command, (parsed, _) =>
        {
            string text = string.Join(" ", parsed.GetValue(expression) ?? Array.Empty<string>());
            DateTimeOffset time;
            try
            {
                time = FromNow.From(text, DateTimeOffset.UtcNow);
            }
            catch (FormatException exception)
            {
                throw new UsageException(exception.Message);
            }
            Console.Out.WriteLine(FromNow.Format(time));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
