using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Linq;
using System.Threading.Tasks;
using Taskcluster.Cli.Commands;
using Taskcluster.Cli.Configuration;
using Taskcluster.Cli.References;

namespace Taskcluster.Cli;

/// <summary>Builds the command tree, parses the command line and turns the outcome into an exit code.</summary>
internal static class CommandLineApp
{
    // The commands whose sub-commands are made from the builtin references. Reading those (a quarter of a megabyte of
    // JSON) is the most expensive thing the tool does before it can act, so it is only done when one of them is named.
    private static readonly string[] s_referenceCommands = { ApiCommand.Name, SignedUrlCommand.Name, ListenCommand.Name };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build(NeedsReferences(args) ? ServiceCatalog.LoadBuiltin() : null);
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction parseError)
        {
            // System.CommandLine would print the whole help after the errors; the errors and a pointer to --help are
            // easier to read in a script's log. Its exit code for parse errors is 1, which we keep for failed calls.
            parseError.ShowHelp = false;
            await parsed.InvokeAsync().ConfigureAwait(false);
            Console.Error.WriteLine($"See '{HelpPath(parsed)} --help'.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>The whole tree; <paramref name="catalog"/> null leaves the reference-made commands without sub-commands.</summary>
    internal static RootCommand Build(ServiceCatalog? catalog)
    {
        var settings = new GlobalSettings();
        var root = new RootCommand(
            "taskcluster: call TaskCluster's APIs from a shell. Configure with TASKCLUSTER_ROOT_URL, TASKCLUSTER_CLIENT_ID, " +
            "TASKCLUSTER_ACCESS_TOKEN (and TASKCLUSTER_CERTIFICATE for temporary credentials), or the options below.");
        settings.AddTo(root);
        root.Subcommands.Add(ApiCommand.Create(settings, catalog));
        root.Subcommands.Add(SignedUrlCommand.Create(settings, catalog));
        root.Subcommands.Add(TaskCommand.Create(settings));
        root.Subcommands.Add(GroupCommand.Create(settings));
        root.Subcommands.Add(ArtifactCommand.Create(settings));
        root.Subcommands.Add(ListenCommand.Create(catalog));
        root.Subcommands.Add(SlugidCommand.Create());
        root.Subcommands.Add(FromNowCommand.Create());
        AddDetailsToHelp(root);
        return root;
    }

    /// <summary>
    /// Help that ends with a <see cref="DetailedCommand"/>'s details: the reference's description, route, scopes and
    /// query parameters of an entry would swamp the one-line listings its parent shows, so they come after the usage.
    /// </summary>
    private static void AddDetailsToHelp(RootCommand root)
    {
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction standard } helpOption)
            helpOption.Action = new DetailedHelpAction(standard);
    }

    private sealed class DetailedHelpAction(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int exitCode = standard.Invoke(parseResult);
            if (parseResult.CommandResult.Command is DetailedCommand { Details.Length: > 0 } detailed)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Details:");
                foreach (string line in detailed.Details.Split('\n')) output.WriteLine(line.Length == 0 ? string.Empty : "  " + line.TrimEnd('\r'));
                output.WriteLine();
            }
            return exitCode;
        }
    }

    private static bool NeedsReferences(string[] args) => args.Any(arg => s_referenceCommands.Contains(arg, StringComparer.Ordinal));

    /// <summary>The deepest command the parser recognised, as the user would type it, for the "see --help" hint.</summary>
    private static string HelpPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "taskcluster" : result.Command.Name);
        }
        return string.Join(" ", names);
    }
}
