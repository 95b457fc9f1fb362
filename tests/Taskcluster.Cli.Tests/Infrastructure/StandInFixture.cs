using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taskcluster.Local;
using Taskcluster.Models.Queue;

namespace Taskcluster.Cli.Tests.Infrastructure;

/// <summary>
/// A fixture with its own local TaskCluster on loopback, the SDK's Queue on it (to set tasks up and check what the
/// tool did), and the environment that points the tool at it.
/// </summary>
public abstract class StandInFixture
{
    /// <summary>The local broker scripts/start-rabbitmq.sh starts.</summary>
    public const string Amqp = "amqp://guest:guest@127.0.0.1:5672/";

    private HttpClient? _http;

    protected LocalTaskcluster StandIn { get; private set; } = null!;

    /// <summary>A client that may only read tasks.</summary>
    protected static LocalClient LimitedClient { get; } = new("limited-reader", "limited-reader-token", new[] { "queue:get-task:*" });

    protected Queue Queue { get; private set; } = null!;

    /// <summary>Whether the stand-in publishes its events to the local broker.</summary>
    protected virtual bool PublishesEvents => false;

    /// <summary>TASKCLUSTER_ROOT_URL and the root client's credentials, as a user would export them.</summary>
    protected Dictionary<string, string> Environment => new()
    {
        ["TASKCLUSTER_ROOT_URL"] = StandIn.RootUrl,
        ["TASKCLUSTER_CLIENT_ID"] = StandIn.RootClient.ClientId,
        ["TASKCLUSTER_ACCESS_TOKEN"] = StandIn.RootClient.AccessToken,
    };

    protected HttpClient Http => _http ??= new HttpClient();

    [OneTimeSetUp]
    public async Task StartStandInAsync()
    {
        StandIn = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions
        {
            AmqpConnectionString = PublishesEvents ? Amqp : null,
            Clients = { LimitedClient },
        });
        Queue = new Queue(StandIn.ClientOptions("queue"));
    }

    [OneTimeTearDown]
    public async Task StopStandInAsync()
    {
        _http?.Dispose();
        if (StandIn is not null) await StandIn.DisposeAsync();
    }

    /// <summary>A task definition the stand-in accepts, on a task queue of its own.</summary>
    protected static JsonObject TaskDefinition(string? taskGroupId = null, string name = "cli test task")
    {
        var task = new JsonObject
        {
            ["taskQueueId"] = "prov/cli-" + Guid.NewGuid().ToString("N").Substring(0, 12),
            ["created"] = DateTime.UtcNow.ToString("O"),
            ["deadline"] = DateTime.UtcNow.AddHours(1).ToString("O"),
            ["payload"] = new JsonObject(),
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["description"] = "made by a taskcluster tool test",
                ["owner"] = "cli@example.com",
                ["source"] = "https://example.com/cli-tests",
            },
        };
        if (taskGroupId is not null) task["taskGroupId"] = taskGroupId;
        return task;
    }

    /// <summary>A definition as the typed client takes it (the JSON form is what the tool reads on stdin).</summary>
    protected static CreateTaskRequest Typed(JsonObject definition) => definition.Deserialize(QueueJsonContext.Default.CreateTaskRequest)!;

    protected async Task<string> CreateTaskAsync(string? taskGroupId = null, string name = "cli test task")
    {
        string taskId = Slugid.Nice();
        await Queue.CreateTaskAsync(taskId, Typed(TaskDefinition(taskGroupId, name)));
        return taskId;
    }

    /// <summary>A task with a claimed run 0, so artifacts can be created for it.</summary>
    protected async Task<string> RunningTaskAsync()
    {
        string taskId = Slugid.Nice();
        var definition = TaskDefinition();
        await Queue.CreateTaskAsync(taskId, Typed(definition));
        await Queue.ClaimWorkAsync(definition["taskQueueId"]!.GetValue<string>(), new ClaimWorkRequest { WorkerGroup = "g", WorkerId = "w", Tasks = 1 });
        return taskId;
    }

    /// <summary>Creates an s3 artifact through the queue and uploads <paramref name="content"/> to its putUrl.</summary>
    protected async Task UploadS3Async(string taskId, string name, byte[] content, string contentType = "application/octet-stream")
    {
        var created = (PostArtifactResponseS3)await Queue.CreateArtifactAsync(taskId, "0", name,
            new PostArtifactRequestS3 { ContentType = contentType, Expires = DateTimeOffset.UtcNow.AddDays(1) });
        using var response = await Http.PutAsync(created.PutUrl, new ByteArrayContent(content));
        response.EnsureSuccessStatusCode();
    }

    protected static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);
}
