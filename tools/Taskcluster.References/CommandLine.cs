using System;
using System.Collections.Generic;

namespace Taskcluster.References;

/// <summary>A parsed command line: the command, its positional arguments and its options.</summary>
public sealed class CommandLine
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--force", "--check" };
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal) { "--file", "--readme", "--reference-url", "--root-url" };

    private readonly Dictionary<string, string?> _options;

    private CommandLine(string command, List<string> positional, Dictionary<string, string?> options, bool help)
    {
        Command = command;
        Positional = positional;
        _options = options;
        Help = help;
    }

    /// <summary>The command, for example <c>add</c>; empty with <c>--help</c> alone.</summary>
    public string Command { get; }

    /// <summary>The arguments after the command that are not options.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Whether help was asked for (or no command given).</summary>
    public bool Help { get; }

    /// <summary>Parses a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The parsed line.</returns>
    /// <exception cref="ToolException">An unknown option, or an option without its value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? command = null;
        var positional = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        bool help = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help" || (arg == "help" && command is null))
            {
                help = true;
            }
            else if (Flags.Contains(arg))
            {
                options[arg] = null;
            }
            else if (ValueOptions.Contains(arg))
            {
                if (i + 1 >= args.Count) throw new ToolException(ExitCodes.Usage, $"{arg} needs a value.");
                options[arg] = args[++i];
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ToolException(ExitCodes.Usage, $"unknown option '{arg}'.");
            }
            else if (command is null)
            {
                command = arg;
            }
            else
            {
                positional.Add(arg);
            }
        }
        return new CommandLine(command ?? string.Empty, positional, options, help || command is null);
    }

    /// <summary>Whether a flag such as <c>--force</c> was given.</summary>
    /// <param name="flag">The flag.</param>
    /// <returns>True when given.</returns>
    public bool Has(string flag) => _options.ContainsKey(flag);

    /// <summary>The value of an option such as <c>--file</c>, or null.</summary>
    /// <param name="option">The option.</param>
    /// <returns>The value, or null when not given.</returns>
    public string? Value(string option) => _options.TryGetValue(option, out var value) ? value : null;

    /// <summary>Fails unless only the given options were used, so a misplaced option is not silently ignored.</summary>
    /// <param name="allowed">The options the command understands besides <c>--file</c>.</param>
    /// <exception cref="ToolException">Another option was given.</exception>
    public void AllowOnly(params string[] allowed)
    {
        foreach (string option in _options.Keys)
        {
            if (option == "--file" || Array.IndexOf(allowed, option) >= 0) continue;
            throw new ToolException(ExitCodes.Usage, $"'{Command}' does not take {option}.");
        }
    }

    /// <summary>Fails unless the number of positional arguments is in range.</summary>
    /// <param name="min">The fewest allowed.</param>
    /// <param name="max">The most allowed.</param>
    /// <param name="shape">The command's argument shape for the message, for example <c>&lt;name&gt;</c>.</param>
    /// <exception cref="ToolException">Too few or too many.</exception>
    public void ExpectPositional(int min, int max, string shape)
    {
        if (Positional.Count < min || Positional.Count > max)
            throw new ToolException(ExitCodes.Usage, $"usage: tc-references {Command} {shape}".TrimEnd());
    }
}
