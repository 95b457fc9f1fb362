using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Taskcluster.Cli.Commands;

/// <summary>Options that take a count of at least one.</summary>
internal static class Counts
{
    /// <summary>
    /// An option whose value must be a whole number of at least 1. The parsing and the range check are one step, so a
    /// value that is not a number is reported as a usage error like any other (a validator would have to read the
    /// value first, and reading an unparsable one throws).
    /// </summary>
    public static Option<int?> PositiveOption(string name, string alias, string description) => new(name, alias)
    {
        Description = description,
        HelpName = "n",
        CustomParser = Parse,
    };

    private static int? Parse(ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return null;
        string text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1) return value;
        result.AddError($"{((OptionResult)result.Parent!).Option.Name} takes a whole number of at least 1, not '{text}'.");
        return null;
    }
}
