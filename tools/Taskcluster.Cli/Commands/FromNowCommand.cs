using System;
using System.CommandLine;
using System.Globalization;
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
        var from = new Option<string?>("--from")
        {
            Description = "Count from this time (ISO 8601) instead of now, as fromNow's reference argument does",
            HelpName = "time",
        };
        var command = new Command("from-now", "Print the UTC time (ISO 8601) an offset such as \"2 days 3 hours\" or \"-1 week\" from now, as TaskCluster's fromNow computes it.")
        {
            expression, from,
        };
        CommandActions.Set(command, (parsed, _) =>
        {
            string text = string.Join(" ", parsed.GetValue(expression) ?? Array.Empty<string>());
            var reference = DateTimeOffset.UtcNow;
            if (parsed.GetValue(from) is { } given
                && !DateTimeOffset.TryParse(given, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out reference))
            {
                throw new UsageException($"--from takes an ISO 8601 time such as 2024-01-31T12:00:00Z, not '{given}'.");
            }
            DateTimeOffset time;
            try
            {
                time = FromNow.From(text, reference);
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
