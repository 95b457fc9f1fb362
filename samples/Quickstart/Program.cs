// Quick start: today's TaskCluster API end to end, against a local TaskCluster stand-in and the local RabbitMQ
// broker. Create a task, listen for its completion, work it as a worker does (claimWork, the run's own task
// credentials, an s3 artifact, reportCompleted), receive the event, index the task, page through its task group,
// and fetch the artifact through a signed URL. Exits 0 when every step worked, 1 with the reason when one did not.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Taskcluster;
using Taskcluster.Local;
using Taskcluster.Models.Index;
using Taskcluster.Models.Queue;
using Index = Taskcluster.Index; // System.Index is also in scope under implicit usings.

string amqp = Environment.GetEnvironmentVariable("TASKCLUSTER_AMQP") ?? "amqp://guest:guest@127.0.0.1:5672/";
var clock = Stopwatch.StartNew();
void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalMilliseconds,7:F0} ms] {text}");

try
{
    await RunAsync();
    Step("quick start finished: every step worked");
    return 0;
}
catch (Exception error)
{
    Console.Error.WriteLine($"quick start failed: {error.Message}");
    if (error is TaskclusterException { StatusCode: { } status } failed) Console.Error.WriteLine($"  {failed.Method} {failed.Url} answered {(int)status}");
    return 1;
}

async Task RunAsync()
{
    LocalTaskcluster tc;
    try
    {
        tc = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions { AmqpConnectionString = amqp });
    }
    catch (Exception error)
    {
        throw new InvalidOperationException(
            $"could not start the stand-in with events on {amqp}; is RabbitMQ running? (./scripts/start-rabbitmq.sh starts it): {error.Message}", error);
    }
    await using var _ = tc;
    Step($"stand-in listening on {tc.RootUrl}");

    var queue = new Queue(tc.ClientOptions("queue"));   // RootUrl = tc.RootUrl, the stand-in's root client
    var index = new Index(tc.ClientOptions("index"));
    var queueEvents = new QueueEvents();                 // exchanges exchange/taskcluster-queue/v1/...
    string taskId = Slugid.Nice();
    string taskGroupId = Slugid.Nice();
    const string taskQueueId = "quickstart/example";

    // Listen before creating the task, so that the completion event cannot be missed. As on Pulse, the queue lives in
    // the namespace of the connection's user: "quickstart" becomes queue/<user>/quickstart (queue/guest/quickstart
    // here), a durable quorum queue that keeps events while nobody listens. The run deletes it when it is done.
    await using var listener = new Listener(new ListenerOptions { ConnectionString = amqp, QueueName = "quickstart" });
    var completed = new TaskCompletionSource<Message<TaskCompletedMessage>>(TaskCreationOptions.RunContinuationsAsynchronously);
    var binding = queueEvents.TaskCompleted(taskId: taskId);
    // The binding knows its message type: the handler gets a TaskCompletedMessage, not JSON.
    listener.OnMessage(binding, (message, _) =>
    {
        // The queue outlives a run that failed half-way; an event left from that run is not this task's.
        if (message.Payload.Status.TaskId == taskId) completed.TrySetResult(message);
        return Task.CompletedTask;
    });
    await listener.StartAsync();
    Step($"listening on {binding} with queue {listener.QueueName}");

    CreateTaskRequest Definition(string queueId, string name) => new()
    {
        TaskQueueId = queueId,
        TaskGroupId = taskGroupId,
        Created = DateTimeOffset.UtcNow,
        Deadline = DateTimeOffset.UtcNow.AddHours(1),
        Routes = ["quickstart.example"],
        Payload = new JsonObject { ["command"] = "echo hello" },
        Metadata = new TaskMetadata
        {
            Name = name,
            Description = "Shows the SDK end to end",
            Owner = "you@example.com",
            Source = "https://example.com",
        },
    };
    var result = await queue.CreateTaskAsync(taskId, Definition(taskQueueId, "Quick start"));
    Step($"created task {taskId} in {taskQueueId}: {result.Status.State}");

    // Two more tasks in the same group, for other workers, so that the group has more than one page.
    for (int i = 1; i <= 2; i++) await queue.CreateTaskAsync(Slugid.Nice(), Definition("quickstart/other", $"Quick start sibling {i}"));
    Step($"created 2 more tasks in task group {taskGroupId}");

    // The worker's side: claim work from the task queue. The claim carries temporary credentials for this run only
    // (reclaim, resolve, create artifacts), which is all a worker needs for the rest.
    var work = await queue.ClaimWorkAsync(taskQueueId, new ClaimWorkRequest { WorkerGroup = "local", WorkerId = "worker-1", Tasks = 1 });
    if (work.Tasks is not [var claim] || claim.Status.TaskId != taskId)
        throw new InvalidOperationException($"claimWork should have handed out task {taskId}, but handed out {work.Tasks.Count} tasks");
    string runId = claim.RunId.ToString(CultureInfo.InvariantCulture);
    var worker = new Queue(tc.ClientOptions("queue", new Credentials(claim.Credentials.ClientId, claim.Credentials.AccessToken, claim.Credentials.Certificate)));
    Step($"claimed run {runId} until {claim.TakenUntil:O} as {claim.Credentials.ClientId}");

    var artifact = await worker.CreateArtifactAsync(taskId, runId, "public/hello.txt", new PostArtifactRequestS3
    {
        ContentType = "text/plain",
        Expires = DateTimeOffset.UtcNow.AddDays(1),
    });
    if (artifact is not PostArtifactResponseS3 s3) throw new InvalidOperationException($"an s3 artifact should get an s3 answer, not {artifact.StorageType}");
    using var http = new HttpClient(); // plain HTTP, no TaskCluster credentials: the putUrl and signed URLs carry their own
    using (var content = new ByteArrayContent(Encoding.UTF8.GetBytes("hello from the quick start\n")))
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var upload = await http.PutAsync(s3.PutUrl, content);
        upload.EnsureSuccessStatusCode();
    }
    Step("uploaded public/hello.txt to the s3 putUrl");

    await worker.ReportCompletedAsync(taskId, runId);
    Step($"reported run {runId} completed");

    Message<TaskCompletedMessage> received;
    try
    {
        received = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
    catch (TimeoutException)
    {
        throw new TimeoutException($"no message arrived on {binding} within 30 seconds of reportCompleted");
    }
    Step($"received {received.Exchange} for task {received.Payload.Status.TaskId} run {received.Payload.RunId} " +
         $"on {received.Payload.WorkerGroup}/{received.Payload.WorkerId} (CC'ed routes: {string.Join(", ", received.Routes)})");
    await listener.DeleteQueueAsync();
    Step($"deleted queue {listener.QueueName}");

    await index.InsertTaskAsync("quickstart.latest", new InsertTaskRequest
    {
        TaskId = taskId,
        Rank = 1,
        Data = new JsonObject(),
        Expires = DateTimeOffset.UtcNow.AddDays(1),
    });
    var found = await index.FindTaskAsync("quickstart.latest");
    Step($"indexed as quickstart.latest -> {found.TaskId}");

    // The items form follows continuationToken page by page (two tasks a page here) and yields each task in turn.
    var states = new List<TaskStatusState>();
    await foreach (var member in queue.ListTaskGroupItemsAsync(taskGroupId, limit: 2)) states.Add(member.Status.State);
    if (states.Count != 3) throw new InvalidOperationException($"the task group should list 3 tasks, not {states.Count}");
    Step($"paged through task group {taskGroupId}: {states.Count} tasks, two a page ({string.Join(", ", states)})");

    // A signed URL works without credentials until it expires; the queue answers it with a 303 to the artifact's
    // storage, which HttpClient follows.
    string signedUrl = queue.GetLatestArtifactSignedUrl(taskId, "public/hello.txt", TimeSpan.FromMinutes(5));
    string text = await http.GetStringAsync(signedUrl);
    if (text != "hello from the quick start\n") throw new InvalidOperationException($"the artifact should hold what was uploaded, not '{text}'");
    Step($"fetched the artifact through a signed URL: {text.Trim()}");

    var status = await queue.StatusAsync(taskId);
    if (status.Status.State != TaskStatusState.Completed) throw new InvalidOperationException($"the task should be completed, not {status.Status.State}");
    Step($"final state: {status.Status.State}");
}
