// Quick start: today's TaskCluster API end to end, against a local TaskCluster stand-in and the local RabbitMQ
// broker. Create a task, listen for its completion, work it as a worker does (claimWork, the run's own task
// credentials, an s3 artifact, reportCompleted), receive the event, index the task, page through its task group,
// and fetch the artifact through a signed URL. Exits 0 when every step worked, 1 with the reason when one did not.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Taskcluster;
using Taskcluster.Local;
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
    var completed = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
    listener.OnMessage((message, _) =>
    {
        // The queue outlives a run that failed half-way; an event left from that run is not this task's.
        if (message.Routing?["taskId"] == taskId) completed.TrySetResult(message);
        return Task.CompletedTask;
    });
    var binding = queueEvents.TaskCompleted(taskId: taskId);
    await listener.BindAsync(binding);
    await listener.StartAsync();
    Step($"listening on {binding} with queue {listener.QueueName}");

    object Definition(string queueId, string name) => new
    {
        taskQueueId = queueId,
        taskGroupId,
        created = DateTime.UtcNow,
        deadline = DateTime.UtcNow.AddHours(1),
        routes = new[] { "quickstart.example" },
        payload = new { command = "echo hello" },
        metadata = new { name, description = "Shows the SDK end to end", owner = "you@example.com", source = "https://example.com" },
    };
    var created = await queue.CreateTaskAsync(taskId, Definition(taskQueueId, "Quick start"));
    Step($"created task {taskId} in {taskQueueId}: {created.GetProperty("status").GetProperty("state")}");

    // Two more tasks in the same group, for other workers, so that the group has more than one page.
    for (int i = 1; i <= 2; i++) await queue.CreateTaskAsync(Slugid.Nice(), Definition("quickstart/other", $"Quick start sibling {i}"));
    Step($"created 2 more tasks in task group {taskGroupId}");

    // The worker's side: claim work from the task queue. The claim carries temporary credentials for this run only
    // (reclaim, resolve, create artifacts), which is all a worker needs for the rest.
    var work = await queue.ClaimWorkAsync(taskQueueId, new { workerGroup = "local", workerId = "worker-1", tasks = 1 });
    var claims = work.GetProperty("tasks");
    if (claims.GetArrayLength() != 1 || claims[0].GetProperty("status").GetProperty("taskId").GetString() != taskId)
        throw new InvalidOperationException($"claimWork should have handed out task {taskId}, but answered {work}");
    var claim = claims[0];
    string runId = claim.GetProperty("runId").GetInt32().ToString(CultureInfo.InvariantCulture);
    var credentials = claim.GetProperty("credentials");
    var worker = new Queue(tc.ClientOptions("queue", new Credentials(
        credentials.GetProperty("clientId").GetString()!,
        credentials.GetProperty("accessToken").GetString()!,
        credentials.GetProperty("certificate").GetString())));
    Step($"claimed run {runId} until {claim.GetProperty("takenUntil")} as {credentials.GetProperty("clientId")}");

    var artifact = await worker.CreateArtifactAsync(taskId, runId, "public/hello.txt", new
    {
        storageType = "s3",
        contentType = "text/plain",
        expires = DateTime.UtcNow.AddDays(1),
    });
    using var http = new HttpClient(); // plain HTTP, no TaskCluster credentials: the putUrl and signed URLs carry their own
    using (var content = new ByteArrayContent(Encoding.UTF8.GetBytes("hello from the quick start\n")))
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var upload = await http.PutAsync(artifact.GetProperty("putUrl").GetString(), content);
        upload.EnsureSuccessStatusCode();
    }
    Step("uploaded public/hello.txt to the s3 putUrl");

    await worker.ReportCompletedAsync(taskId, runId);
    Step($"reported run {runId} completed");

    Message received;
    try
    {
        received = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
    catch (TimeoutException)
    {
        throw new TimeoutException($"no message arrived on {binding} within 30 seconds of reportCompleted");
    }
    Step($"received {received.Exchange} for task {received.Routing?["taskId"]} run {received.Routing?["runId"]} " +
         $"(CC'ed routes: {string.Join(", ", received.Routes)})");
    await listener.DeleteQueueAsync();
    Step($"deleted queue {listener.QueueName}");

    await index.InsertTaskAsync("quickstart.latest", new { taskId, rank = 1, data = new { }, expires = DateTime.UtcNow.AddDays(1) });
    var found = await index.FindTaskAsync("quickstart.latest");
    Step($"indexed as quickstart.latest -> {found.GetProperty("taskId")}");

    int pages = 0;
    var states = new List<string>();
    await foreach (var page in queue.ListTaskGroupPagesAsync(taskGroupId, limit: 2))
    {
        pages++;
        foreach (var member in page.GetProperty("tasks").EnumerateArray()) states.Add(member.GetProperty("status").GetProperty("state").GetString()!);
    }
    if (states.Count != 3) throw new InvalidOperationException($"the task group should list 3 tasks, not {states.Count}");
    Step($"paged through task group {taskGroupId}: {states.Count} tasks in {pages} pages ({string.Join(", ", states)})");

    // A signed URL works without credentials until it expires; the queue answers it with a 303 to the artifact's
    // storage, which HttpClient follows.
    string signedUrl = queue.GetLatestArtifactSignedUrl(taskId, "public/hello.txt", TimeSpan.FromMinutes(5));
    string text = await http.GetStringAsync(signedUrl);
    if (text != "hello from the quick start\n") throw new InvalidOperationException($"the artifact should hold what was uploaded, not '{text}'");
    Step($"fetched the artifact through a signed URL: {text.Trim()}");

    var status = await queue.StatusAsync(taskId);
    string state = status.GetProperty("status").GetProperty("state").GetString()!;
    if (state != "completed") throw new InvalidOperationException($"the task should be completed, not {state}");
    Step($"final state: {state}");
}
