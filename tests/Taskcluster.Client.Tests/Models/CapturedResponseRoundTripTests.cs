using System;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Taskcluster.Client.Tests.Models.Support;
using Taskcluster.Models.Object;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Tests.Models;

/// <summary>
/// Realistic responses, written for these tests in the form TaskCluster sends (Models/Data: a docker-worker task as
/// the queue's <c>task</c> end-point returns it, a status with five runs; times as <c>toISOString</c> writes them), read
/// into the models and written back: the same bytes once whitespace is removed. Properties are in schema order, the
/// order in which the models write them; unknown ones last, where the models put them back.
/// </summary>
[TestFixture]
public sealed class CapturedResponseRoundTripTests
{
    private static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "Data", name));

    private static QueueJsonContext RelaxedQueueContext() => new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [TestCase("task-definition.json", "/schemas/queue/v1/task.json#")]
    [TestCase("task-status-response.json", "/schemas/queue/v1/task-status-response.json#")]
    public void The_test_data_fits_its_schema(string file, string location)
    {
        Assert.That(SchemaFiles.Builtin.Misfit(location, JsonNode.Parse(Data(file))), Is.Null);
    }

    [Test]
    public void A_task_definition_round_trips_byte_for_byte_modulo_whitespace()
    {
        string text = Data("task-definition.json");

        var task = JsonSerializer.Deserialize<TaskModel>(text, GeneratedModels.Relaxed)!;

        Assert.That(JsonSerializer.Serialize(task, GeneratedModels.Relaxed), Is.EqualTo(JsonText.Minify(text)));
    }

    [Test]
    public void A_task_definition_round_trips_through_the_serializer_context_too()
    {
        string text = Data("task-definition.json");
        var context = RelaxedQueueContext();

        var task = JsonSerializer.Deserialize(text, context.TaskModel)!;

        Assert.That(JsonSerializer.Serialize(task, context.TaskModel), Is.EqualTo(JsonText.Minify(text)));
    }

    [Test]
    public void A_task_definition_reads_into_typed_members()
    {
        var task = JsonSerializer.Deserialize<TaskModel>(Data("task-definition.json"))!;

        Assert.That(task.Created, Is.EqualTo(new DateTimeOffset(2026, 11, 30, 12, 34, 56, 789, TimeSpan.Zero)));
        Assert.That(task.Expires, Is.EqualTo(new DateTimeOffset(2027, 11, 30, 12, 34, 56, 789, TimeSpan.Zero)));
        Assert.That(task.Requires, Is.EqualTo(TaskRequires.AllCompleted));
        Assert.That(task.Priority, Is.EqualTo(TaskPriority.VeryHigh));
        Assert.That(task.Retries, Is.EqualTo(5));
        Assert.That(task.TaskQueueId, Is.EqualTo("example-3/b-linux-large"));
        Assert.That(task.Dependencies, Is.EqualTo(new[] { "Mx3sUC7iTnqQd-pxbZ3PJA", "R4nD0mT4SkKdAbCdEfGhIw", "Zp0oT9uyS-2Wq8XvHcKeEg" }));
        Assert.That(task.Routes[3], Is.EqualTo("notify.email.release-engineering@example.com.on-failed"));
        Assert.That(task.Scopes, Has.Count.EqualTo(4));
        Assert.That(task.Tags["worker-implementation"], Is.EqualTo("docker-worker"));
        Assert.That(task.Metadata.Description, Does.Contain("\n\nTriggered"));
        Assert.That((int)task.Payload["maxRunTime"]!, Is.EqualTo(7200));
        Assert.That(task.Payload["supersederUrl"], Is.Null);
        Assert.That((string)task.Extra["notify"]!["email"]!["subject"]!, Is.EqualTo("Build finished: \"linux64/opt\""));
        Assert.That(task.ExtensionData, Is.Null);
    }

    [Test]
    public void A_task_status_round_trips_byte_for_byte_modulo_whitespace()
    {
        string text = Data("task-status-response.json");

        var response = JsonSerializer.Deserialize<TaskStatusResponse>(text, GeneratedModels.Relaxed)!;
        var viaContext = JsonSerializer.Deserialize(text, RelaxedQueueContext().TaskStatusResponse)!;

        Assert.That(JsonSerializer.Serialize(response, GeneratedModels.Relaxed), Is.EqualTo(JsonText.Minify(text)));
        Assert.That(JsonSerializer.Serialize(viaContext, RelaxedQueueContext().TaskStatusResponse), Is.EqualTo(JsonText.Minify(text)));
    }

    [Test]
    public void A_task_status_reads_its_runs_in_their_states()
    {
        var status = JsonSerializer.Deserialize<TaskStatusResponse>(Data("task-status-response.json"))!.Status;

        Assert.That(status.State, Is.EqualTo(TaskStatusState.Running));
        Assert.That(status.RetriesLeft, Is.EqualTo(3));
        Assert.That(status.Runs.Select(r => (r.RunId, r.State, r.ReasonCreated, r.ReasonResolved)), Is.EqualTo(new (int, TaskStatusRunsItemState, TaskStatusRunsItemReasonCreated, TaskStatusRunsItemReasonResolved?)[]
        {
            (0, TaskStatusRunsItemState.Exception, TaskStatusRunsItemReasonCreated.Scheduled, TaskStatusRunsItemReasonResolved.ClaimExpired),
            (1, TaskStatusRunsItemState.Failed, TaskStatusRunsItemReasonCreated.Retry, TaskStatusRunsItemReasonResolved.Failed),
            (2, TaskStatusRunsItemState.Completed, TaskStatusRunsItemReasonCreated.Rerun, TaskStatusRunsItemReasonResolved.Completed),
            (3, TaskStatusRunsItemState.Exception, TaskStatusRunsItemReasonCreated.Rerun, TaskStatusRunsItemReasonResolved.WorkerShutdown),
            (4, TaskStatusRunsItemState.Running, TaskStatusRunsItemReasonCreated.Retry, null),
        }));
        Assert.That(status.Runs[4].Resolved, Is.Null);
        Assert.That(status.Runs[4].TakenUntil, Is.EqualTo(new DateTimeOffset(2026, 11, 30, 16, 30, 40, 0, TimeSpan.Zero)));
        Assert.That(status.Runs[0].WorkerId, Is.EqualTo("i-0a1b2c3d4e5f67890"));
    }

    [Test]
    public void Unknown_properties_survive_at_the_top_and_nested_in_objects_and_array_items()
    {
        var json = JsonNode.Parse(Data("task-status-response.json"))!;
        json["status"]!["runs"]![2]!["preemptible"] = true;
        json["status"]!["runs"]![4]!["workerPool"] = new JsonObject { ["id"] = "example-3/b-linux-large", ["weights"] = new JsonArray(1, 2.5, "three", null) };
        json["status"]!["newerThing"] = new JsonObject { ["nested"] = new JsonObject { ["deep"] = "\"quoted\" & <kept>" } };
        json["responseVersion"] = 2;
        string input = json.ToJsonString(GeneratedModels.Relaxed);

        var response = JsonSerializer.Deserialize<TaskStatusResponse>(input)!;

        Assert.That(response.ExtensionData!.Keys, Is.EqualTo(new[] { "responseVersion" }));
        Assert.That(response.Status.ExtensionData!["newerThing"].GetProperty("nested").GetProperty("deep").GetString(), Is.EqualTo("\"quoted\" & <kept>"));
        Assert.That(response.Status.Runs[2].ExtensionData!["preemptible"].GetBoolean(), Is.True);
        Assert.That(response.Status.Runs[4].ExtensionData!["workerPool"].GetProperty("weights").GetArrayLength(), Is.EqualTo(4));
        Assert.That(response.Status.Runs[0].ExtensionData, Is.Null);
        Assert.That(JsonSerializer.Serialize(response, GeneratedModels.Relaxed), Is.EqualTo(input));
    }

    [Test]
    public void Unknown_properties_of_a_task_definition_and_its_metadata_survive()
    {
        var json = JsonNode.Parse(Data("task-definition.json"))!;
        json["metadata"]!["displayName"] = "Build (linux64/opt)";
        json["payload"]!["newWorkerFeature"] = new JsonObject { ["enabled"] = true };
        json["taskRunPolicy"] = new JsonObject { ["maxAttempts"] = 3, ["on"] = new JsonArray("worker-shutdown") };
        string input = json.ToJsonString(GeneratedModels.Relaxed);

        var task = JsonSerializer.Deserialize<TaskModel>(input)!;

        Assert.That(task.ExtensionData!.Keys, Is.EqualTo(new[] { "taskRunPolicy" }));
        Assert.That(task.Metadata.ExtensionData!["displayName"].GetString(), Is.EqualTo("Build (linux64/opt)"));
        Assert.That((bool)task.Payload["newWorkerFeature"]!["enabled"]!, Is.True, "a free-form payload keeps everything anyway");
        Assert.That(JsonSerializer.Serialize(task, GeneratedModels.Relaxed), Is.EqualTo(input));
    }

    [TestCase(
        """{"storageType":"s3","url":"https://example-artifacts.s3.us-west-2.amazonaws.com/bq5Wh9XzRcW_7sYkLmN0ag/4/public/build/target.tar.zst?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=1800&X-Amz-Signature=3f2a"}""",
        typeof(ArtifactContentResponseS3))]
    [TestCase(
        """{"storageType":"object","credentials":{"accessToken":"u8WkK2r4TQm1y7dM0cIr0wxW8b3J1qHh8n5z2Vd0cFfA","certificate":"{\"version\":1,\"scopes\":[\"object:download:t/bq5Wh9XzRcW_7sYkLmN0ag/4/public/logs/live.log\"],\"start\":1796027696789,\"expiry\":1796031296789,\"seed\":\"x\",\"signature\":\"y\"}","clientId":"task-client/bq5Wh9XzRcW_7sYkLmN0ag/4/on/eu-central-1/i-0aaaabbbbccccdddd/until/1796031296.789"},"name":"t/bq5Wh9XzRcW_7sYkLmN0ag/4/public/logs/live.log"}""",
        typeof(ArtifactContentResponseObject))]
    [TestCase(
        """{"storageType":"reference","url":"https://example-3.workers.example.com:60023/log/Tc7u4xPKSz2SQaW_SJKJ9g"}""",
        typeof(ArtifactContentResponseReference))]
    [TestCase(
        """{"storageType":"error","message":"The worker could not find /builds/worker/artifacts/target.tar.zst when uploading artifacts","reason":"file-missing-on-worker"}""",
        typeof(ArtifactContentResponseError))]
    public void An_artifact_content_response_reads_as_its_branch_and_writes_back_the_same_bytes(string json, Type branch)
    {
        var content = JsonSerializer.Deserialize<ArtifactContentResponse>(json, GeneratedModels.Relaxed)!;

        Assert.That(content, Is.InstanceOf(branch));
        Assert.That(content.StorageType, Is.EqualTo((string)JsonNode.Parse(json)!["storageType"]!));
        Assert.That(JsonSerializer.Serialize(content, GeneratedModels.Relaxed), Is.EqualTo(json));
        Assert.That(JsonSerializer.Serialize(JsonSerializer.Deserialize(json, RelaxedQueueContext().ArtifactContentResponse)!, RelaxedQueueContext().ArtifactContentResponse), Is.EqualTo(json));
    }

    [Test]
    public void The_object_services_download_response_reads_each_method_as_its_branch()
    {
        const string simple = """{"method":"simple","url":"https://storage.example.com/objects/t/bq5Wh9XzRcW_7sYkLmN0ag/4/public/build/target.tar.zst?sig=abc"}""";
        const string getUrl = """{"method":"getUrl","expires":"2026-11-30T17:10:40.000Z","hashes":{"sha256":"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae","sha512":"0cf9180a764aba863a67b6d72f0918bc131c6772642cb2dce5a34f0a702f9470ddc2bf125c12198b1995c233c34b4afd346c54a2334c350a948a51b6e8b4e6b6","blake3":"04e0bb39f30b1a3feb89f536c93be15055482df748674b00d26e5a75777702e9"},"url":"https://storage.example.com/objects/t/bq5Wh9XzRcW_7sYkLmN0ag/4/public/build/target.tar.zst?X-Goog-Signature=def"}""";

        var first = JsonSerializer.Deserialize<DownloadObjectResponse>(simple)!;
        var second = JsonSerializer.Deserialize<DownloadObjectResponse>(getUrl)!;

        Assert.That(first, Is.InstanceOf<DownloadObjectResponseSimple>());
        Assert.That(((DownloadObjectResponseSimple)first).Url, Does.EndWith("?sig=abc"));
        var geturl = (DownloadObjectResponseGetUrl)second;
        Assert.That(geturl.Expires, Is.EqualTo(new DateTimeOffset(2026, 11, 30, 17, 10, 40, TimeSpan.Zero)));
        Assert.That(geturl.Hashes.Sha256, Does.StartWith("2c26b46b"));
        Assert.That(geturl.Hashes.ExtensionData!["blake3"].GetString(), Does.StartWith("04e0bb39"), "a hash this SDK does not know is kept");
        Assert.That(JsonSerializer.Serialize(first), Is.EqualTo(simple));
        Assert.That(JsonSerializer.Serialize(second), Is.EqualTo(getUrl));
    }
}
