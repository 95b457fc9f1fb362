// A NativeAOT program on the typed clients: creates three tasks in a task group, reads one's status, pages the group
// two tasks at a time, and makes one by-name call with raw JSON. The deployment and credentials come from the
// environment (TASKCLUSTER_ROOT_URL, TASKCLUSTER_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN), as for any TaskCluster tool.
// Prints one line per step and the task group's id last; exits 0 when every step worked, 1 otherwise.
using System.Text.Json;
using System.Text.Json.Nodes;
using Taskcluster;
using Taskcluster.Models.Queue;

try
{
    var queue = new Queue();
    string taskGroupId = Slugid.Nice();
    var taskIds = new List<string>();
    for (int i = 0; i < 3; i++)
    {
        string taskId = Slugid.Nice();
        TaskStatusResponse created = await queue.CreateTaskAsync(taskId, new CreateTaskRequest
        {
            TaskQueueId = "aot/sample",
            TaskGroupId = taskGroupId,
            Created = DateTimeOffset.UtcNow,
            Deadline = DateTimeOffset.UtcNow.AddHours(1),
            Priority = TaskPriority.VeryHigh,
            Requires = TaskRequires.AllCompleted,
            Payload = new JsonObject { ["command"] = new JsonArray("echo", "aot " + i) },
            Metadata = new TaskMetadata { Name = "aot " + i, Description = "made by a NativeAOT program", Owner = "aot@example.com", Source = "https://example.com/aot" },
        });
        taskIds.Add(taskId);
        Console.WriteLine($"created {taskId}: {created.Status.State}");
    }

    TaskStatusResponse status = await queue.StatusAsync(taskIds[0]);
    Console.WriteLine($"status {status.Status.TaskId}: {status.Status.State} in {status.Status.TaskQueueId}, {status.Status.RetriesLeft} retries left");

    int pages = 0;
    await foreach (ListTaskGroupResponse page in queue.ListTaskGroupPagesAsync(taskGroupId, limit: 2)) pages++;
    var listed = new List<string>();
    await foreach (TaskDefinitionAndStatus task in queue.ListTaskGroupItemsAsync(taskGroupId, limit: 2)) listed.Add(task.Task.Metadata.Name);
    Console.WriteLine($"task group {taskGroupId}: {listed.Count} tasks in {pages} pages ({string.Join(", ", listed)})");
    if (listed.Count != 3 || pages != 2) throw new InvalidOperationException("the task group should list 3 tasks in 2 pages");

    // The escape hatch: by name, raw JSON out.
    JsonElement raw = await queue.CallAsync("status", [taskIds[1]]);
    Console.WriteLine($"by name: {raw.GetProperty("status").GetProperty("state").GetString()}");

    Console.WriteLine(taskGroupId);
    return 0;
}
catch (Exception error)
{
    Console.Error.WriteLine($"aot sample failed: {error}");
    return 1;
}
