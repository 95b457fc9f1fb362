using System;
using System.CommandLine;
using System.Threading.Tasks;
using Taskcluster.Cli.Configuration;
using Taskcluster.Cli.Output;
using Taskcluster.Models;
using Taskcluster.Models.Queue;

namespace Taskcluster.Cli.Commands;

/// <summary><c>taskcluster group list &lt;taskGroupId&gt;</c>: every task of a group, all pages.</summary>
internal static class GroupCommand
{
    public static Command Create(GlobalSettings settings)
    {
        var command = new Command("group", "Look at a task group.");
        command.Subcommands.Add(List(settings));
        return command;
    }

    private static Command List(GlobalSettings settings)
    {
        var taskGroupId = new Argument<string>("taskGroupId") { Description = "The task group's id" };
        var limit = Counts.PositiveOption("--limit", "-l", "Tasks per page requested from the queue (every page is printed either way)");
        var json = TaskCommand.JsonOption("Print each task (status and definition) as a line of JSON");
        var command = new Command("list", "List the tasks of a group, one a line: taskId, state and name, separated by tabs.") { taskGroupId, limit, json };
        CommandActions.Set(command, async (parsed, cancellationToken) =>
        {
            var queue = TaskCommand.CreateQueue(settings, parsed);
            bool asJson = parsed.GetValue(json);
            await foreach (var task in queue.ListTaskGroupItemsAsync(parsed.GetRequiredValue(taskGroupId), parsed.GetValue(limit), cancellationToken).ConfigureAwait(false))
            {
                if (asJson) JsonOutput.WriteLine(Console.Out, task, QueueJsonContext.Default.TaskDefinitionAndStatus);
                else Console.Out.WriteLine($"{task.Status.TaskId}\t{WireName.Of(task.Status.State, QueueJsonContext.Default.TaskStatusState)}\t{task.Task.Metadata.Name}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
