using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;
using Taskcluster.Models.Queue;

namespace Taskcluster.Generators.Tests.Emitting.Models;

/// <summary>
/// The builtin models as compiled into Taskcluster.Client, read and written through their generated converters on
/// realistic JSON written for these tests (schema property order, TaskCluster's date format), so a round trip must
/// give back the same bytes once whitespace is removed.
/// </summary>
public sealed class RoundTripTests
{
    private const string TaskJson = """
        {
          "created": "2025-03-14T09:26:53.589Z",
          "deadline": "2025-03-15T09:26:53.589Z",
          "dependencies": ["KTBKfEgxR5GdfIIREQIvFQ", "Ajc-ZpuzQ3y-dCzGf4BXuw"],
          "expires": "2026-03-14T09:26:53.589Z",
          "extra": {"treeherder": {"symbol": "B", "tier": 1}, "notify": {"email": {"subject": "done"}}},
          "metadata": {
            "description": "Builds the thing on Linux and runs its unit tests",
            "name": "build-linux64/opt",
            "owner": "ci@example.com",
            "source": "https://github.com/example/thing/blob/main/.taskcluster.yml"
          },
          "payload": {
            "image": "ubuntu:24.04",
            "command": ["/bin/bash", "-c", "make && make test"],
            "env": {"MOZ_BUILD": "1", "JOBS": "8"},
            "maxRunTime": 3600,
            "artifacts": {"public/build": {"type": "directory", "path": "/builds/out", "expires": "2025-04-14T09:26:53.589Z"}},
            "features": {"taskclusterProxy": true}
          },
          "priority": "very-high",
          "projectId": "thing",
          "provisionerId": "proj-thing",
          "requires": "all-resolved",
          "retries": 5,
          "routes": ["index.project.thing.build.linux64.latest", "tc-treeherder.v2.thing.abc123"],
          "schedulerId": "taskcluster-github",
          "scopes": ["secrets:get:project/thing/ci", "docker-worker:cache:thing-build"],
          "tags": {"kind": "build", "purpose": "ci"},
          "taskGroupId": "dSlITZ4yQgmvxxAi4A8fHQ",
          "taskQueueId": "proj-thing/ci-linux",
          "workerType": "ci-linux"
        }
        """;

    private const string StatusJson = """
        {
          "status": {
            "deadline": "2025-03-15T09:26:53.589Z",
            "expires": "2026-03-14T09:26:53.589Z",
            "priority": "lowest",
            "projectId": "none",
            "provisionerId": "proj-thing",
            "retriesLeft": 4,
            "runs": [
              {
                "reasonCreated": "scheduled",
                "reasonResolved": "worker-shutdown",
                "resolved": "2025-03-14T09:40:00.000Z",
                "runId": 0,
                "scheduled": "2025-03-14T09:26:54.001Z",
                "started": "2025-03-14T09:27:10.250Z",
                "state": "exception",
                "takenUntil": "2025-03-14T09:47:10.250Z",
                "workerGroup": "us-east-1",
                "workerId": "i-0a1b2c3d4e5f"
              },
              {
                "reasonCreated": "retry",
                "runId": 1,
                "scheduled": "2025-03-14T09:40:00.002Z",
                "started": "2025-03-14T09:40:31.000Z",
                "state": "running",
                "takenUntil": "2025-03-14T10:00:31.000Z",
                "workerGroup": "us-west-2",
                "workerId": "i-0f9e8d7c6b5a"
              }
            ],
            "schedulerId": "-",
            "state": "running",
            "taskGroupId": "dSlITZ4yQgmvxxAi4A8fHQ",
            "taskId": "fN1SbArXTPSVFNUvaOlinQ",
            "taskQueueId": "proj-thing/ci-linux",
            "workerType": "ci-linux"
          }
        }
        """;

    private static string Minified(string json) => JsonNode.Parse(json)!.ToJsonString();

    [Test]
    public void A_full_task_definition_reads_into_typed_members()
    {
        var task = JsonSerializer.Deserialize<TaskModel>(TaskJson)!;

        Assert.That(task.Created, Is.EqualTo(new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero)));
        Assert.That(task.Priority, Is.EqualTo(TaskPriority.VeryHigh));
        Assert.That(task.Requires, Is.EqualTo(TaskRequires.AllResolved));
        Assert.That(task.Retries, Is.EqualTo(5));
        Assert.That(task.Metadata.Owner, Is.EqualTo("ci@example.com"));
        Assert.That(task.Dependencies, Is.EqualTo(new[] { "KTBKfEgxR5GdfIIREQIvFQ", "Ajc-ZpuzQ3y-dCzGf4BXuw" }));
        Assert.That(task.Tags["purpose"], Is.EqualTo("ci"));
        Assert.That(task.Payload["maxRunTime"]!.GetValue<int>(), Is.EqualTo(3600));
        Assert.That(task.Extra["treeherder"]!["symbol"]!.GetValue<string>(), Is.EqualTo("B"));
        Assert.That(task.ExtensionData, Is.Null);
    }

    [Test]
    public void A_full_task_definition_round_trips_byte_for_byte_modulo_whitespace()
    {
        var task = JsonSerializer.Deserialize<TaskModel>(TaskJson)!;

        Assert.That(JsonSerializer.Serialize(task), Is.EqualTo(Minified(TaskJson)));
    }

    [Test]
    public void A_task_status_with_runs_reads_its_runs_and_enums()
    {
        var response = JsonSerializer.Deserialize<TaskStatusResponse>(StatusJson)!;

        var status = response.Status;
        Assert.That(status.State, Is.EqualTo(TaskStatusState.Running));
        Assert.That(status.RetriesLeft, Is.EqualTo(4));
        Assert.That(status.Runs, Has.Count.EqualTo(2));
        Assert.That(status.Runs[0].ReasonResolved, Is.EqualTo(TaskStatusRunsItemReasonResolved.WorkerShutdown));
        Assert.That(status.Runs[0].State, Is.EqualTo(TaskStatusRunsItemState.Exception));
        Assert.That(status.Runs[1].ReasonCreated, Is.EqualTo(TaskStatusRunsItemReasonCreated.Retry));
        Assert.That(status.Runs[1].ReasonResolved, Is.Null);
        Assert.That(status.Runs[1].Resolved, Is.Null);
        Assert.That(status.Runs[1].Started, Is.EqualTo(new DateTimeOffset(2025, 3, 14, 9, 40, 31, TimeSpan.Zero)));
    }

    [Test]
    public void A_task_status_with_runs_round_trips_byte_for_byte_modulo_whitespace()
    {
        var response = JsonSerializer.Deserialize<TaskStatusResponse>(StatusJson)!;

        Assert.That(JsonSerializer.Serialize(response), Is.EqualTo(Minified(StatusJson)));
    }

    [TestCase("""{"storageType":"s3","url":"https://bucket.s3.amazonaws.com/public/build/target.tar.gz?X-Amz-Signature=abc"}""", typeof(ArtifactContentResponseS3))]
    [TestCase("""{"storageType":"object","credentials":{"accessToken":"tok","certificate":"cert-1","clientId":"task-client/abc/0/on/us-east-1/i-123/until/1700000000"},"name":"t/abc/0/public/build/log.txt"}""", typeof(ArtifactContentResponseObject))]
    [TestCase("""{"storageType":"reference","url":"https://example.com/elsewhere.log"}""", typeof(ArtifactContentResponseReference))]
    [TestCase("""{"storageType":"error","message":"the worker could not find the file","reason":"file-missing-on-worker"}""", typeof(ArtifactContentResponseError))]
    public void An_artifact_content_response_deserializes_to_the_branch_its_storage_type_names(string json, Type branch)
    {
        var content = JsonSerializer.Deserialize<ArtifactContentResponse>(json)!;

        Assert.That(content, Is.InstanceOf(branch));
        Assert.That(content.StorageType, Is.EqualTo(JsonNode.Parse(json)!["storageType"]!.GetValue<string>()));
        Assert.That(JsonSerializer.Serialize(content), Is.EqualTo(json), "written back through the base type, discriminator first");
    }

    [Test]
    public void An_artifact_content_branch_exposes_its_own_typed_members()
    {
        var content = JsonSerializer.Deserialize<ArtifactContentResponse>(
            """{"storageType":"object","name":"t/abc/0/public/log.txt","credentials":{"clientId":"c","accessToken":"a","certificate":"{}"}}""");

        var objectContent = (ArtifactContentResponseObject)content!;
        Assert.That(objectContent.Name, Is.EqualTo("t/abc/0/public/log.txt"));
        Assert.That(objectContent.Credentials.Certificate, Is.EqualTo("{}"));
    }

    [Test]
    public void A_missing_storage_type_fails_naming_the_kinds_there_are()
    {
        // An unknown kind is read (see UnknownUnionKindTests in the client tests); a missing one cannot be.
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ArtifactContentResponse>("""{"url":"x"}"""));

        Assert.That(exception!.Message, Does.Contain("storageType").And.Contain("\"s3\", \"object\", \"reference\", \"error\""));
    }

    [Test]
    public void An_enum_keeps_its_non_identifier_wire_values()
    {
        Assert.That(JsonSerializer.Serialize(TaskRequires.AllCompleted), Is.EqualTo("\"all-completed\""));
        Assert.That(JsonSerializer.Serialize(TaskPriority.VeryLow), Is.EqualTo("\"very-low\""));
        Assert.That(JsonSerializer.Deserialize<TaskRequires>("\"all-resolved\""), Is.EqualTo(TaskRequires.AllResolved));
        Assert.That(JsonSerializer.Deserialize<TaskStatusRunsItemReasonResolved>("\"intermittent-task\""), Is.EqualTo(TaskStatusRunsItemReasonResolved.IntermittentTask));
    }

    [Test]
    public void An_unknown_enum_value_reads_as_unknown_and_an_enum_on_its_own_cannot_write_it_back()
    {
        Assert.That(JsonSerializer.Deserialize<TaskRequires>("\"some-completed\""), Is.EqualTo(TaskRequires.Unknown));

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(TaskRequires.Unknown));

        Assert.That(exception!.Message, Does.Contain("TaskRequires.Unknown").And.Contain("\"all-completed\", \"all-resolved\""));
    }

    [Test]
    public void Unknown_properties_survive_a_read_and_write_at_every_level()
    {
        var json = JsonNode.Parse(StatusJson)!;
        json["status"]!["runs"]![1]!["futureField"] = new JsonArray(1, 2, 3);
        json["status"]!["newerThing"] = new JsonObject { ["nested"] = new JsonObject { ["deep"] = true } };
        json["responseVersion"] = 2;
        string input = json.ToJsonString();

        var response = JsonSerializer.Deserialize<TaskStatusResponse>(input)!;

        Assert.That(response.ExtensionData!.Keys, Is.EqualTo(new[] { "responseVersion" }));
        Assert.That(response.Status.ExtensionData!["newerThing"].GetProperty("nested").GetProperty("deep").GetBoolean(), Is.True);
        Assert.That(response.Status.Runs[1].ExtensionData!["futureField"].GetArrayLength(), Is.EqualTo(3));
        Assert.That(JsonSerializer.Serialize(response), Is.EqualTo(input), "unknown properties are written after the known ones, as they were read");
    }

    [Test]
    public void A_missing_required_property_fails_naming_the_property_and_where_it_is()
    {
        var json = JsonNode.Parse(StatusJson)!;
        json["status"]!.AsObject().Remove("taskId");

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TaskStatusResponse>(json.ToJsonString()));

        Assert.That(exception!.Message, Is.EqualTo("TaskStatusResponse.status: TaskStatusModel requires the property \"taskId\", which the JSON lacks."));
    }

    [Test]
    public void A_value_of_the_wrong_type_fails_with_the_path_to_it()
    {
        var json = JsonNode.Parse(StatusJson)!;
        json["status"]!["runs"]![1]!["runId"] = "one";

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TaskStatusResponse>(json.ToJsonString()));

        Assert.That(exception!.Message, Is.EqualTo("TaskStatusResponse.status: TaskStatusModel.runs: [1]: TaskStatusRunsItem.runId: Expected an integer, found a string."));
    }

    [Test]
    public void The_serializer_context_reads_and_writes_without_reflection_based_overloads()
    {
        var status = JsonSerializer.Deserialize(StatusJson, QueueJsonContext.Default.TaskStatusResponse)!;
        string written = JsonSerializer.Serialize(status, QueueJsonContext.Default.TaskStatusResponse);

        Assert.That(written, Is.EqualTo(Minified(StatusJson)));
        Assert.That(QueueJsonContext.Default.GetTypeInfo(typeof(TaskModel)), Is.Not.Null);
        Assert.That(QueueJsonContext.Default.GetTypeInfo(typeof(string)), Is.Null);
    }

    [Test]
    public void The_serializer_context_joins_a_resolver_chain_of_options_of_your_own()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false };
        options.TypeInfoResolverChain.Insert(0, QueueJsonContext.Default);

        var task = JsonSerializer.Deserialize<TaskModel>(TaskJson, options)!;

        Assert.That(task.Requires, Is.EqualTo(TaskRequires.AllResolved));
        Assert.That(JsonSerializer.Serialize(task, options), Is.EqualTo(Minified(TaskJson)));
    }

    [Test]
    public void A_request_is_built_without_reflection_and_written_with_wire_names()
    {
        var request = new CreateTaskRequest
        {
            Created = new DateTimeOffset(2025, 3, 14, 10, 26, 53, 589, TimeSpan.FromHours(1)),
            Deadline = new DateTimeOffset(2025, 3, 15, 9, 26, 53, 589, TimeSpan.Zero),
            Metadata = new TaskMetadata { Name = "hello", Description = "says hello", Owner = "me@example.com", Source = "https://example.com/hello" },
            Payload = new JsonObject { ["image"] = "ubuntu:24.04", ["command"] = new JsonArray("echo", "hello"), ["maxRunTime"] = 600 },
            Priority = TaskPriority.VeryHigh,
            Requires = TaskRequires.AllCompleted,
            TaskQueueId = "proj-thing/ci-linux",
            Tags = new Dictionary<string, string> { ["kind"] = "demo" },
        };

        string json = JsonSerializer.Serialize(request);

        Assert.That(json, Is.EqualTo(
            "{\"created\":\"2025-03-14T09:26:53.589Z\",\"deadline\":\"2025-03-15T09:26:53.589Z\"," +
            "\"metadata\":{\"description\":\"says hello\",\"name\":\"hello\",\"owner\":\"me@example.com\",\"source\":\"https://example.com/hello\"}," +
            "\"payload\":{\"image\":\"ubuntu:24.04\",\"command\":[\"echo\",\"hello\"],\"maxRunTime\":600}," +
            "\"priority\":\"very-high\",\"requires\":\"all-completed\",\"tags\":{\"kind\":\"demo\"},\"taskQueueId\":\"proj-thing/ci-linux\"}"));
    }

    [Test]
    public void A_member_renamed_for_clashing_with_its_type_keeps_its_json_name()
    {
        var secret = new global::Taskcluster.Models.Secrets.Secret
        {
            Expires = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            SecretValue = new JsonObject { ["password"] = "hunter2" },
        };

        string json = JsonSerializer.Serialize(secret);

        Assert.That(json, Is.EqualTo("{\"expires\":\"2030-01-01T00:00:00.000Z\",\"secret\":{\"password\":\"hunter2\"}}"));
        Assert.That(JsonSerializer.Deserialize<global::Taskcluster.Models.Secrets.Secret>(json)!.SecretValue!["password"]!.GetValue<string>(), Is.EqualTo("hunter2"));
    }

    [Test]
    public void Sub_millisecond_times_are_kept_rather_than_rounded()
    {
        var run = JsonSerializer.Deserialize<TaskStatusRunsItem>(
            """{"reasonCreated":"scheduled","runId":0,"scheduled":"2025-03-14T09:26:54.0011234Z","state":"pending"}""")!;

        Assert.That(JsonSerializer.Serialize(run), Does.Contain("\"scheduled\":\"2025-03-14T09:26:54.0011234Z\""));
    }

    [Test]
    public void Leaving_out_a_required_member_is_a_compile_error()
    {
        const string source = """
            /// <summary>Uses a model.</summary>
            public static class Uses
            {
                /// <summary>Builds a request without its metadata.</summary>
                public static object Build() => new global::Taskcluster.Models.Queue.TaskMetadata { Name = "n", Description = "d", Owner = "o" };
            }
            """;

        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: true, source);

        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "CS9035" }), InMemoryCompiler.Describe(diagnostics));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("Source"));
    }

    [Test]
    public async Task The_typed_client_methods_read_and_write_models()
    {
        var handler = new RecordingHandler(TaskJson);
        var queue = new global::Taskcluster.Queue(new global::Taskcluster.ClientOptions { RootUrl = "https://tc.example.com", HttpClient = new HttpClient(handler) });

        TaskModel task = await queue.TaskAsync("fN1SbArXTPSVFNUvaOlinQ");
        handler.Response = StatusJson;
        TaskStatusResponse created = await queue.CreateTaskAsync("fN1SbArXTPSVFNUvaOlinQ", new CreateTaskRequest
        {
            Created = task.Created,
            Deadline = task.Deadline,
            Metadata = task.Metadata,
            Payload = task.Payload,
            Priority = task.Priority,
            TaskQueueId = task.TaskQueueId,
            ExtensionData = task.ExtensionData,
        });

        Assert.That(task.WorkerType, Is.EqualTo("ci-linux"));
        Assert.That(created.Status.Runs[0].WorkerId, Is.EqualTo("i-0a1b2c3d4e5f"));
        Assert.That(handler.LastBody, Does.StartWith("{\"created\":\"2025-03-14T09:26:53.589Z\",\"deadline\":").And.Contain("\"priority\":\"very-high\""));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public RecordingHandler(string response) => Response = response;

        public string Response { get; set; }

        public string? LastBody { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Response, Encoding.UTF8, "application/json") };
        }
    }
}
