using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;

namespace Taskcluster.References;

/// <summary>
/// A parsed command line: the command, its positional arguments and its options. The grammar (which command takes
/// which arguments and options) is System.CommandLine's; this type only hands the commands what was given.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options;
    private readonly ParseResult? _parsed;

    private CommandLine(string command, IReadOnlyList<string> positional, Dictionary<string, string?> options, bool help, ParseResult? parsed)
    {
        Command = command;
        Positional = positional;
        _options = options;
        Help = help;
        _parsed = parsed;
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
    /// <exception cref="ToolException">An unknown command or option, an option without its value, or the wrong number of arguments.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        // As before System.CommandLine: no arguments, or the word "help" first, is a request for the overview.
        if (args.Count == 0 || args[0] == "help") return new CommandLine(string.Empty, Array.Empty<string>(), new(), true, null);

        var parsed = Grammar.Root.Parse(args);
        var command = parsed.CommandResult.Command;
        string name = command == Grammar.Root ? string.Empty : command.Name;
        if (parsed.Action is HelpAction) return new CommandLine(name, Array.Empty<string>(), new(), true, parsed);
        if (parsed.Errors.Count > 0) throw new ToolException(ExitCodes.Usage, Describe(parsed, command, name));

        var positional = new List<string>();
        foreach (var argument in command.Arguments)
        {
            // Every argument of this grammar is a string or a list of them.
            if (parsed.GetResult(argument) is { } result) positional.AddRange(result.Tokens.Select(token => token.Value));
        }
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var option in command.Options.Concat(Grammar.Root.Options.Where(o => o.Recursive)))
        {
            if (parsed.GetResult(option) is not { Implicit: false } result) continue;
            options[option.Name] = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        }
        return new CommandLine(name, positional, options, false, parsed);
    }

    /// <summary>Whether a flag such as <c>--force</c> was given.</summary>
    /// <param name="flag">The flag.</param>
    /// <returns>True when given.</returns>
    public bool Has(string flag) => _options.ContainsKey(flag);

    /// <summary>The value of an option such as <c>--file</c>, or null.</summary>
    /// <param name="option">The option.</param>
    /// <returns>The value, or null when not given.</returns>
    public string? Value(string option) => _options.TryGetValue(option, out var value) ? value : null;

    /// <summary>Fails unless the number of positional arguments is in range (for rules the grammar cannot say, such as "no names with --root-url").</summary>
    /// <param name="min">The fewest allowed.</param>
    /// <param name="max">The most allowed.</param>
    /// <param name="shape">The command's argument shape for the message, for example <c>&lt;name&gt;</c>.</param>
    /// <exception cref="ToolException">Too few or too many.</exception>
    public void ExpectPositional(int min, int max, string shape)
    {
        if (Positional.Count < min || Positional.Count > max)
            throw new ToolException(ExitCodes.Usage, $"usage: tc-references {Command} {shape}".TrimEnd());
    }

    /// <summary>
    /// Writes the help asked for: the overview (<see cref="Program.Usage"/>, which also lists the exit codes) for the
    /// tool, the generated help of one command for <c>tc-references &lt;command&gt; --help</c>.
    /// </summary>
    /// <param name="output">Where help goes.</param>
    public void WriteHelp(TextWriter output)
    {
        if (_parsed is null || Command.Length == 0)
        {
            output.WriteLine(Program.Usage);
            return;
        }
        _parsed.Invoke(new InvocationConfiguration { Output = output });
    }

    /// <summary>The parser's first complaint, in the tool's words where it has its own, then the command's usage line.</summary>
    private static string Describe(ParseResult parsed, Command command, string name)
    {
        if (name.Length == 0)
        {
            // Only a command can follow the tool's name.
            string? first = parsed.UnmatchedTokens.FirstOrDefault() ?? parsed.Tokens.FirstOrDefault(t => !t.Value.StartsWith('-'))?.Value;
            if (first is not null && !first.StartsWith('-')) return $"unknown command '{first}'.";
        }
        string message = parsed.Errors[0].Message;
        return Grammar.Shapes.TryGetValue(name, out string? shape) ? $"{message}\nusage: tc-references {name} {shape}".TrimEnd() : message;
    }

    /// <summary>The tool's commands, arguments and options, built once.</summary>
    private static class Grammar
    {
        public static readonly Dictionary<string, string> Shapes = new(StringComparer.Ordinal)
        {
            ["list"] = string.Empty,
            ["show"] = "<name>",
            ["add"] = "<name> <url-or-file> [--force] [--reference-url <url>]",
            ["remove"] = "<name>",
            ["update"] = "[<name>...] | --root-url <url>",
            ["import"] = "<references.json>",
            ["docs"] = "[--readme <path>] [--check]",
        };

        public static readonly Command Root = Build();

        private static Command Build()
        {
            // A plain Command rather than a RootCommand, which is named after the running executable: help should say
            // tc-references whether the tool runs as itself, through `dotnet run` or inside a test host.
            var root = new Command("tc-references", "Manage the builtin TaskCluster references (references/apis.json) and the API docs.")
            {
                new HelpOption(),
                new Option<string>("--file")
                {
                    Description = "The references file [default: references/apis.json of the repository around the current directory]",
                    HelpName = "path",
                    Recursive = true,
                },
            };
            root.Subcommands.Add(new Command("list", "Name, kind and source URL of every reference."));
            root.Subcommands.Add(new Command("show", "Print one reference as JSON.") { Name("The reference's name, for example Queue") });
            root.Subcommands.Add(new Command("add", "Fetch a reference and add it under a name.")
            {
                Name("The name to add it under, a C# class name (MyService, MyServiceEvents)"),
                new Argument<string>("url-or-file") { Description = "Where to read the reference from" },
                new Option<bool>("--force") { Description = "Replace a reference of the same name" },
                new Option<string>("--reference-url") { Description = "Where 'update' fetches it from later [default: the URL, or the file's path relative to the references file]", HelpName = "url" },
            });
            root.Subcommands.Add(new Command("remove", "Remove a reference.") { Name("The reference's name") });
            root.Subcommands.Add(new Command("update", "Re-fetch the 2014-format references (all, or those named), or with --root-url replace the builtin set with what a deployment publishes.")
            {
                new Argument<string[]>("name") { Description = "References to re-fetch [default: every 2014-format one]", Arity = ArgumentArity.ZeroOrMore },
                new Option<string>("--root-url") { Description = "The deployment to read references/manifest.json and every reference and schema from", HelpName = "url" },
            });
            root.Subcommands.Add(new Command("import", "The same as update --root-url, from a saved references.json (nothing is fetched).")
            {
                new Argument<string>("references.json") { Description = "The [{filename, content}] list a deployment serves at <url>/references/references.json" },
            });
            root.Subcommands.Add(new Command("docs", "Rewrite the generated API section of docs/api.md from the references.")
            {
                new Option<string>("--readme") { Description = "The Markdown file to write [default: docs/api.md]", HelpName = "path" },
                new Option<bool>("--check") { Description = "Only compare; exit 1 if the section is out of date" },
            });
            return root;
        }

        private static Argument<string> Name(string description) => new("name") { Description = description };
    }
}
