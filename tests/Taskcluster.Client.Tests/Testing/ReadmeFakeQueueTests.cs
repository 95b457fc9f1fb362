// The README's "Testing your own code" example, verbatim between the markers (a test at the end checks that the
// README shows exactly this text), so the example is compiled and run and cannot rot. It is in the global namespace
// because the README shows it whole, usings included.
// README example begins
using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster;
using Taskcluster.Models.Queue;
using Taskcluster.Testing;

// The code under test takes IQueue: AddTaskcluster registers it, or pass new Queue(options).
public sealed class TaskWatcher(IQueue queue)
{
    public async Task<TaskStatusState?> StateAsync(string taskId, CancellationToken cancellationToken = default)
    {
        try
        {
            TaskStatusResponse response = await queue.StatusAsync(taskId, cancellationToken);
            return response.Status.State;
        }
        catch (TaskclusterException e) when (e.ErrorCode == "ResourceNotFound")
        {
            return null;
        }
    }
}

// The fake overrides only what TaskWatcher calls; any other member throws NotImplementedException naming itself.
public sealed class FakeQueue : FakeQueueBase
{
    public Dictionary<string, TaskStatusState> States { get; } = new();

    public override Task<TaskStatusResponse> StatusAsync(string taskId, CancellationToken cancellationToken = default)
    {
        if (!States.TryGetValue(taskId, out TaskStatusState state))
        {
            // What the real client throws for the queue's 404, as TaskCluster sends it.
            throw new TaskclusterException("GET", $"https://tc.example/api/queue/v1/task/{taskId}/status",
                HttpStatusCode.NotFound, errorCode: "ResourceNotFound", serverMessage: $"Task {taskId} not found");
        }
        // The model's required members are required here too: a fake cannot leave out what the queue always sends.
        return Task.FromResult(new TaskStatusResponse
        {
            Status = new TaskStatusModel
            {
                TaskId = taskId,
                State = state,
                TaskQueueId = "proj-example/ci",
                ProvisionerId = "proj-example",
                WorkerType = "ci",
                SchedulerId = "-",
                ProjectId = "none",
                TaskGroupId = taskId,
                RetriesLeft = 5,
                Runs = [],
                Deadline = DateTimeOffset.UtcNow.AddHours(1),
                Expires = DateTimeOffset.UtcNow.AddDays(7),
            },
        });
    }
}

public sealed class TaskWatcherTests
{
    [Test]
    public async Task A_known_task_reports_its_state()
    {
        var queue = new FakeQueue { States = { ["fUAfn9bSQ3uc4cbLmnbI0g"] = TaskStatusState.Completed } };

        var state = await new TaskWatcher(queue).StateAsync("fUAfn9bSQ3uc4cbLmnbI0g");

        Assert.That(state, Is.EqualTo(TaskStatusState.Completed));
    }

    [Test]
    public async Task A_task_the_queue_does_not_know_has_no_state()
    {
        var state = await new TaskWatcher(new FakeQueue()).StateAsync("nope");

        Assert.That(state, Is.Null);
    }
}
// README example ends

namespace Taskcluster.Client.Tests.Testing
{
    /// <summary>The README shows the code above, character for character.</summary>
    public sealed class ReadmeFakeQueueTests
    {
        private const string Begin = "// README example begins\n";
        private const string End = "// README example ends\n";

        [Test]
        public void The_readme_shows_exactly_the_tested_fake()
        {
            string source = global::System.IO.File.ReadAllText(SourceFile()).Replace("\r\n", "\n");
            int start = source.IndexOf(Begin, global::System.StringComparison.Ordinal) + Begin.Length;
            string example = source.Substring(start, source.IndexOf(End, global::System.StringComparison.Ordinal) - start);

            string readme = global::System.IO.File.ReadAllText(global::System.IO.Path.Combine(RepoRoot(), "README.md")).Replace("\r\n", "\n");
            int section = readme.IndexOf("## Testing your own code", global::System.StringComparison.Ordinal);
            Assert.That(section, Is.GreaterThan(0), "the README has a 'Testing your own code' section");
            int block = readme.IndexOf("```csharp\n", section, global::System.StringComparison.Ordinal) + "```csharp\n".Length;
            string shown = readme.Substring(block, readme.IndexOf("```\n", block, global::System.StringComparison.Ordinal) - block);

            Assert.That(shown, Is.EqualTo(example));
        }

        private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

        private static string RepoRoot()
        {
            for (var directory = new global::System.IO.DirectoryInfo(global::System.IO.Path.GetDirectoryName(SourceFile())!); directory is not null; directory = directory.Parent)
            {
                if (global::System.IO.File.Exists(global::System.IO.Path.Combine(directory.FullName, "README.md")) && global::System.IO.Directory.Exists(global::System.IO.Path.Combine(directory.FullName, "references")))
                    return directory.FullName;
            }
            throw new global::System.IO.FileNotFoundException("README.md above " + SourceFile());
        }
    }
}
