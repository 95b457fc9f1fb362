// Quick start: create a task, listen for its completion, work it as a worker would, and fetch its artifact
// through a signed URL. Runs against a local TaskCluster stand-in and the local RabbitMQ broker.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Taskcluster;
using Taskcluster.Local;
using Index = Taskcluster.Index; // System.Index is also in scope under implicit usings.

string amqp = Environment.GetEnvironmentVariable("TASKCLUSTER_AMQP") ?? "amqp://guest:guest@127.0.0.1:5672/";
var clock = Stopwatch.StartNew();
void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalMilliseconds,7:F0} ms] {text}");

await using var tc = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions { AmqpConnectionString = amqp });
Step($"stand-in listening on {tc.RootUrl}");

var queue = new Queue(tc.ClientOptions("queue"));
var index = new Index(tc.ClientOptions("index"));
var queueEvents = new QueueEvents();
string taskId = Slugid.Nice();

// Listen before creating the task, so the completion event cannot be missed.
await using var listener = new Listener(new ListenerOptions { ConnectionString = amqp });
var completed = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
listener.OnMessage((message, _) =>
{
    completed.TrySetResult(message);
    return Task.CompletedTask;
});
await listener.BindAsync(queueEvents.TaskCompleted(taskId: taskId));
await listener.ResumeAsync();
Step($"listening on {queueEvents.TaskCompleted(taskId: taskId)}");

var created = await queue.CreateTaskAsync(taskId, new
{
    provisionerId = "quickstart",
    workerType = "example",
    created = DateTime.UtcNow,
    deadline = DateTime.UtcNow.AddHours(1),
    routes = new[] { "index.quickstart.latest" },
    payload = new { command = "echo hello" },
    metadata = new { name = "Quick start", description = "Shows the SDK end to end", owner = "you@example.com", source = "https://example.com" },
});
Step($"created task {taskId}: {created.GetProperty("status").GetProperty("state")}");

var claim = await queue.ClaimTaskAsync(taskId, "0", new { workerGroup = "local", workerId = "worker-1" });
Step($"claimed run 0 until {claim.GetProperty("takenUntil")}");

var artifact = await queue.CreateArtifactAsync(taskId, "0", "public/hello.txt", new
{
    storageType = "s3",
    contentType = "text/plain",
    expires = DateTime.UtcNow.AddDays(1),
});
using var http = new HttpClient();
using (var upload = await http.PutAsync(artifact.GetProperty("putUrl").GetString(), new StringContent("hello from the quick start\n")))
{
    upload.EnsureSuccessStatusCode();
}
Step("uploaded public/hello.txt");

await queue.ReportCompletedAsync(taskId, "0", new { success = true });
Step("reported run 0 completed");

var message = await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));
Step($"received {message.Exchange} for task {message.Routing?["taskId"]} (routes: {string.Join(", ", message.Routes)})");

await index.InsertAsync("quickstart.latest", new { taskId, rank = 1, data = new { }, expires = DateTime.UtcNow.AddDays(1) });
var found = await index.FindAsync("quickstart.latest");
Step($"indexed as quickstart.latest -> {found.GetProperty("taskId")}");

string signedUrl = queue.GetLastestArtifactSignedUrl(taskId, "public/hello.txt", TimeSpan.FromMinutes(5));
string text = await http.GetStringAsync(signedUrl); // no credentials: the bewit in the URL authorizes it
Step($"fetched the artifact through a signed URL: {text.Trim()}");

var status = await queue.StatusAsync(taskId);
Step($"final state: {status.GetProperty("status").GetProperty("state")}");
return 0;
