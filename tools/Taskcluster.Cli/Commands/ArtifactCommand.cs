using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster.Cli.Configuration;
using Taskcluster.Cli.Output;

namespace Taskcluster.Cli.Commands;

/// <summary>
/// <c>taskcluster artifact download &lt;taskId&gt; &lt;name&gt; [-o file]</c>: the SDK's streamed download (resolved
/// as TaskCluster's clients do, retried and resumed), to a file that appears only when complete, or to stdout.
/// </summary>
internal static class ArtifactCommand
{
    public static Command Create(GlobalSettings settings)
    {
        var command = new Command("artifact", "Work with a task's artifacts.");
        command.Subcommands.Add(Download(settings));
        return command;
    }

    private static Command Download(GlobalSettings settings)
    {
        var taskId = TaskCommand.TaskIdArgument();
        var name = new Argument<string>("name") { Description = "The artifact's name, for example public/build/target.tar.gz" };
        var run = TaskCommand.RunOption();
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The file to write (replaced when the download is complete); '-' or none for standard output",
            HelpName = "file",
        };
        var command = new Command("download",
            "Download an artifact of the task's latest run (or --run). On a terminal a progress bar is drawn on stderr; " +
            "when stderr is redirected, one line says what was written.")
        {
            taskId, name, run, output,
        };
        CommandActions.Set(command, async (parsed, cancellationToken) =>
        {
            var queue = TaskCommand.CreateQueue(settings, parsed);
            string id = parsed.GetRequiredValue(taskId);
            string artifact = parsed.GetRequiredValue(name);
            string? runId = parsed.GetValue(run);
            string? path = parsed.GetValue(output);
            if (path is null or "-")
            {
                Console.Out.Flush();
                await using var stdout = Console.OpenStandardOutput();
                await DownloadToStreamAsync(queue, id, runId, artifact, stdout, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            // Progress is for a person watching; in a log or a pipe a redrawn line is noise, so one summary instead.
            var progress = Console.IsErrorRedirected ? null : new ProgressDisplay(Console.Error, Path.GetFileName(path));
            var download = await queue.DownloadArtifactToFileAsync(id, runId, artifact, path, progress, cancellationToken).ConfigureAwait(false);
            progress?.Finish();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Downloaded {artifact} ({download.Bytes} bytes, {download.StorageType}) to {path}"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>An artifact of a run, or of the latest run when <paramref name="runId"/> is null, into a stream.</summary>
    internal static Task<ArtifactDownload> DownloadToStreamAsync(
        Queue queue, string taskId, string? runId, string name, Stream destination, CancellationToken cancellationToken)
        => runId is null
            ? queue.DownloadLatestArtifactAsync(taskId, name, destination, null, cancellationToken)
            : queue.DownloadArtifactAsync(taskId, runId, name, destination, null, cancellationToken);
}
