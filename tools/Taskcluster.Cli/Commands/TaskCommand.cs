using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster.Cli.Configuration;
using Taskcluster.Cli.Output;
using Taskcluster.Models;
using Taskcluster.Models.Queue;

namespace Taskcluster.Cli.Commands;

/// <summary><c>taskcluster task status|def|artifacts|log &lt;taskId&gt;</c>: a task as the queue knows it.</summary>
internal static class TaskCommand
{
    /// <summary>Where today's workers put a task's log.</summary>
    public const string DefaultLogName = "public/logs/live.log";

    public static Command Create(GlobalSettings settings)
    {
        var command = new Command("task", "Look at one task: its state, definition, artifacts or log.");
        command.Subcommands.Add(Status(settings));
        command.Subcommands.Add(Definition(settings));
        command.Subcommands.Add(Artifacts(settings));
        command.Subcommands.Add(Log(settings));
        return command;
    }

    internal static Argument<string> TaskIdArgument() => new("taskId") { Description = "The task's id" };

    internal static Option<string?> RunOption() => new("--run")
    {
        Description = "The run, for example 0 [default: the latest run]",
        HelpName = "runId",
    };

    internal static Option<bool> JsonOption(string what) => new("--json") { Description = what };

    internal static Queue CreateQueue(GlobalSettings settings, ParseResult parsed) => new(settings.ClientOptions(parsed));

    private static Command Status(GlobalSettings settings)
    {
        var taskId = TaskIdArgument();
        var json = JsonOption("Print the whole status structure (runs, deadline, ...) as JSON instead of the state");
        var command = new Command("status", "Print the task's state: unscheduled, pending, running, completed, failed or exception.") { taskId, json };
        CommandActions.Set(command, async (parsed, cancellationToken) =>
        {
            var queue = CreateQueue(settings, parsed);
            var response = await queue.StatusAsync(parsed.GetRequiredValue(taskId), cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(json)) JsonOutput.WriteIndented(Console.Out, response.Status, QueueJsonContext.Default.TaskStatusModel);
            else Console.Out.WriteLine(WireName.Of(response.Status.State, QueueJsonContext.Default.TaskStatusState));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Definition(GlobalSettings settings)
    {
        var taskId = TaskIdArgument();
        var command = new Command("def", "Print the task's definition as JSON.") { taskId };
        CommandActions.Set(command, async (parsed, cancellationToken) =>
        {
            var queue = CreateQueue(settings, parsed);
            var definition = await queue.TaskAsync(parsed.GetRequiredValue(taskId), cancellationToken).ConfigureAwait(false);
            JsonOutput.WriteIndented(Console.Out, definition, QueueJsonContext.Default.TaskModel);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Artifacts(GlobalSettings settings)
    {
        var taskId = TaskIdArgument();
        var run = RunOption();
        var json = JsonOption("Print each artifact (name, storageType, contentType, expires) as a line of JSON");
        var command = new Command("artifacts", "List the artifacts of the task's latest run (or --run), one name a line, every page.") { taskId, run, json };
        CommandActions.Set(command, async (parsed, cancellationToken) =>
        {
            var queue = CreateQueue(settings, parsed);
            string id = parsed.GetRequiredValue(taskId);
            var pages = parsed.GetValue(run) is { } runId
                ? queue.ListArtifactsPagesAsync(id, runId, cancellationToken: cancellationToken)
                : queue.ListLatestArtifactsPagesAsync(id, cancellationToken: cancellationToken);
            bool asJson = parsed.GetValue(json);
            await foreach (var page in pages.ConfigureAwait(false))
            {
                foreach (var artifact in page.Artifacts)
                {
                    if (asJson) JsonOutput.WriteLine(Console.Out, artifact, QueueJsonContext.Default.ArtifactResponse);
                    else Console.Out.WriteLine(artifact.Name);
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Log(GlobalSettings settings)
    {
        var taskId = TaskIdArgument();
        var run = RunOption();
        var name = new Option<string>("--name")
        {
            Description = "The log artifact's name",
            HelpName = "artifact",
            DefaultValueFactory = _ => DefaultLogName,
        };
        var command = new Command("log", $"Write the task's log ({DefaultLogName} of the latest run) to standard output.") { taskId, run, name };
        CommandActions.Set(command, async (parsed, cancellationToken) =>
        {
            var queue = CreateQueue(settings, parsed);
            Console.Out.Flush();
            await using var output = Console.OpenStandardOutput();
            await ArtifactCommand.DownloadToStreamAsync(
                queue, parsed.GetRequiredValue(taskId), parsed.GetValue(run), parsed.GetValue(name) ?? DefaultLogName, output, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
