using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.References;

/// <summary>The entry point of <c>tc-references</c>.</summary>
public static class Program
{
    /// <summary>The <c>--help</c> text, exit codes included.</summary>
    public const string Usage = """
        tc-references: manage the builtin TaskCluster references (references/apis.json) and the README's API section.

        Usage:
          tc-references list                           name, kind and source URL of every reference
          tc-references show <name>                    print one reference as JSON
          tc-references add <name> <url-or-file> [--force] [--reference-url <url>]
                                                       fetch a reference and add it under <name>; --force replaces
                                                       an existing one; --reference-url records where `update`
                                                       fetches it from (default: the URL, or the file's path
                                                       relative to the references file's folder)
          tc-references remove <name>                  remove a reference
          tc-references update [<name>...]             re-fetch 2014-format references (all by default) from their
                                                       referenceUrl and report which changed; the file is rewritten
                                                       only if one did. References that came from a deployment are
                                                       skipped: they are refreshed with their schemas, as below
          tc-references update --root-url <url>        replace the builtin set (auth, github, hooks, index, notify,
                                                       object, purge-cache, queue, secrets, worker-manager; api and,
                                                       where published, exchanges) with what the deployment at <url>
                                                       publishes: reads <url>/references/manifest.json, each listed
                                                       reference (logs, metrics and services outside the set are
                                                       skipped and named), and every schema the references use,
                                                       following $ref; writes apis.json and the schemas folder next
                                                       to it (schemas/<service>/v1/<name>.json), removing schema files
                                                       no longer used. Names: the service in PascalCase, "Events" for
                                                       exchanges (WorkerManager, QueueEvents). Entries it does not
                                                       produce stay as they are, except one whose class name a new
                                                       entry takes (index -> Index)
          tc-references import <references.json>       the same from a saved deployment, the [{filename, content}]
                                                       list a deployment serves at <url>/references/references.json;
                                                       nothing is fetched, and each referenceUrl is the reference's
                                                       path below the root URL (/references/queue/v1/api.json)
          tc-references docs [--readme <path>] [--check]
                                                       rewrite the API section (docs/api.md by default; --readme
                                                       names another Markdown file) between <!-- BEGIN API DOCS -->
                                                       and <!-- END API DOCS --> from the references; --check only
                                                       compares and fails if the section is out of date

        Options:
          --file <path>   the references file (default: references/apis.json in the nearest folder, walking up
                          from the current directory, that contains Taskcluster.Client.slnx); the API section
                          defaults to docs/api.md in that same repository folder, the schemas folder is "schemas" beside it
          -h, --help      show this text

        The references file is always written whole, in one canonical format (2-space indentation, names in
        ordinal order, each reference's keys in the publisher's order, a final newline), through a temporary file
        in the same folder that then replaces it: an interrupted or failed command never leaves it half-written.
        update --root-url and import read and check everything before writing anything; they write the schemas
        into a temporary folder that is swapped in with apis.json, and write nothing when nothing changed.

        Exit codes:
          0  success
          1  docs --check: the README's API section is out of date
          2  usage error: unknown command or option, missing or extra argument, invalid name
          3  no reference has that name, or add found the name taken and --force was not given
          4  a source could not be fetched: unreachable URL, HTTP error status, missing file, or a document
             (reference or schema) that a deployment or saved file does not have
          5  a fetched document is not JSON, not a TaskCluster reference, manifest or schema, or links to a
             schema outside /schemas/
          6  the references file or the README is missing, unreadable or malformed
        """;

    /// <summary>How long one fetch may take before the source counts as unreachable.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the tool as a process.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs one command in-process.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        => RunAsync(args, stdout, stderr).GetAwaiter().GetResult();

    /// <summary>Runs one command in-process.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="workingDirectory">The folder the default file is searched from; the current directory when null.</param>
    /// <param name="cancellationToken">Cancels fetches.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        if (args is null) throw new ArgumentNullException(nameof(args));
        if (stdout is null) throw new ArgumentNullException(nameof(stdout));
        if (stderr is null) throw new ArgumentNullException(nameof(stderr));
        try
        {
            var line = CommandLine.Parse(args);
            if (line.Help)
            {
                line.WriteHelp(stdout);
                return ExitCodes.Success;
            }
            using var http = new HttpClient { Timeout = FetchTimeout };
            var context = new CommandContext(line, stdout, stderr, workingDirectory ?? Directory.GetCurrentDirectory(), http);
            return line.Command switch
            {
                "list" => Commands.List(context),
                "show" => Commands.Show(context),
                "add" => await Commands.AddAsync(context, cancellationToken).ConfigureAwait(false),
                "remove" => Commands.Remove(context),
                "update" => await Commands.UpdateAsync(context, cancellationToken).ConfigureAwait(false),
                "import" => await Commands.ImportAsync(context, cancellationToken).ConfigureAwait(false),
                "docs" => Commands.Docs(context),
                _ => throw new ToolException(ExitCodes.Usage, $"unknown command '{line.Command}'."),
            };
        }
        catch (ToolException exception)
        {
            stderr.WriteLine("error: " + exception.Message);
            if (exception.ExitCode == ExitCodes.Usage) stderr.WriteLine("Run 'tc-references --help' for usage.");
            return exception.ExitCode;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("error: " + exception.Message);
            return ExitCodes.BadInputFile;
        }
    }
}
