using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Services;

/// <summary>
/// Payloads are read with the models of their entries' input schemas: what a model cannot take is TaskCluster's 400
/// InputValidationError with the model's message, a property the schema does not list is refused as TaskCluster
/// refuses it (every input schema here says additionalProperties: false), and the checks TaskCluster makes beyond its
/// schemas stay InputError. The payloads are raw JSON sent by name, since the typed requests cannot be this wrong.
/// </summary>
[TestFixture]
public sealed class InputValidationTests
{
    private LocalTaskcluster _tc = null!;
    private Queue _queue = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tc = await LocalTaskcluster.StartAsync();
        _queue = new Queue(_tc.ClientOptions("queue"));
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    private static JsonObject ValidTask() => TaskDefinitions.Json(TaskDefinitions.Valid());

    private TaskclusterException CreateFails(string taskId, JsonObject definition)
        => Assert.ThrowsAsync<TaskclusterException>(() => _queue.CallAsync("createTask", new[] { taskId }, definition))!;

    [Test]
    public void A_createTask_payload_without_a_required_property_is_an_input_validation_error_naming_it()
    {
        var definition = ValidTask();
        definition.Remove("deadline");

        var error = CreateFails(Slugid.Nice(), definition);

        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(error.ServerMessage, Is.EqualTo("CreateTaskRequest requires the property \"deadline\", which the JSON lacks."));
    }

    [Test]
    public void A_property_of_the_wrong_type_is_an_input_validation_error_naming_the_property_and_the_type()
    {
        var definition = ValidTask();
        definition["retries"] = "five";
        var withoutOwner = ValidTask();
        withoutOwner["metadata"]!.AsObject().Remove("owner");

        var wrongType = CreateFails(Slugid.Nice(), definition);
        var nested = CreateFails(Slugid.Nice(), withoutOwner);

        Assert.That(wrongType.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(wrongType.ServerMessage, Does.StartWith("CreateTaskRequest.retries: ").And.Contain("integer"));
        Assert.That(nested.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(nested.ServerMessage, Does.Contain("metadata").And.Contain("\"owner\""));
    }

    [Test]
    public void A_property_the_schema_does_not_list_is_refused_and_the_task_is_not_created()
    {
        // TaskCluster's create-task-request (and task-metadata) say additionalProperties: false, so the queue refuses
        // the task rather than storing the property; the model would have kept it in ExtensionData.
        string taskId = Slugid.Nice(), otherId = Slugid.Nice();
        var definition = ValidTask();
        definition["colour"] = "blue";
        var inMetadata = ValidTask();
        inMetadata["metadata"]!["team"] = "build";

        var error = CreateFails(taskId, definition);
        var nested = CreateFails(otherId, inMetadata);

        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(error.ServerMessage, Does.Contain("\"colour\""));
        Assert.That(nested.ServerMessage, Does.Contain("\"metadata.team\""));
        foreach (string id in new[] { taskId, otherId })
        {
            var missing = Assert.ThrowsAsync<TaskclusterException>(() => _queue.TaskAsync(id));
            Assert.That(missing!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a refused task is not stored");
        }
    }

    [Test]
    public void A_task_of_a_legacy_task_graph_is_read_as_createTask_reads_it()
    {
        // The 2014 scheduler has no models of its own, but each task of a graph is today's task definition.
        var scheduler = new Scheduler(_tc.ClientOptions("scheduler"));
        var definition = ValidTask();
        definition["colour"] = "blue";
        string taskId = Slugid.Nice();

        var error = Assert.ThrowsAsync<TaskclusterException>(
            () => scheduler.CreateTaskGraphAsync(Slugid.Nice(), TaskDefinitions.TaskGraph(TaskDefinitions.GraphNode(taskId, definition, []))));

        Assert.That(error!.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(error.ServerMessage, Does.Contain(taskId).And.Contain("\"colour\""));
    }

    [TestCase("urgent")]
    [TestCase("normal")] // the old default; today's schema lists it no more, so TaskCluster refuses it
    public void A_priority_outside_the_schemas_enum_is_an_input_validation_error(string priority)
    {
        var definition = ValidTask();
        definition["priority"] = priority;

        var error = CreateFails(Slugid.Nice(), definition);

        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(error.ServerMessage, Does.Contain("priority").And.Contain("very-high"));
    }

    [Test]
    public void A_check_TaskCluster_makes_beyond_the_schema_stays_an_input_error()
    {
        var typed = TaskDefinitions.Valid();
        typed.Deadline = DateTimeOffset.UtcNow.AddDays(6);

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateTaskAsync(Slugid.Nice(), typed));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ErrorCode, Is.EqualTo("InputError"));
    }

    [Test]
    public async Task A_task_is_stored_and_returned_to_the_millisecond_as_TaskCluster_keeps_times()
    {
        // A .NET time has ticks finer than a millisecond; the model writes them as they are, but TaskCluster (and so
        // the stand-in) keeps JavaScript dates, and the answer must read back equal to what was stored.
        var created = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero)
            .AddTicks(1_234_567);
        var definition = TaskDefinitions.Valid();
        definition.Created = created;
        definition.Deadline = created.AddHours(1);
        string taskId = Slugid.Nice();

        await _queue.CreateTaskAsync(taskId, definition);
        var raw = await _queue.CallAsync("task", new[] { taskId });
        var task = await _queue.TaskAsync(taskId);

        Assert.That(raw.GetProperty("created").GetString(), Does.EndWith(".123Z"));
        Assert.That(task.Created, Is.EqualTo(created.AddTicks(-4_567)));
        Assert.That(task.Deadline, Is.EqualTo(created.AddHours(1).AddTicks(-4_567)));
    }

    [Test]
    public void A_claimWork_payload_without_the_number_of_tasks_is_refused_as_the_schema_requires_it()
    {
        var claim = new JsonObject { ["workerGroup"] = "g", ["workerId"] = "w" };

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CallAsync("claimWork", new[] { TaskDefinitions.UniqueQueue() }, claim));

        Assert.That(error!.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(error.ServerMessage, Does.Contain("\"tasks\""));
    }

    [Test]
    public async Task An_artifact_of_a_storage_type_the_schema_does_not_know_is_refused_by_its_name()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue(), taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
        await _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim());
        var azure = new JsonObject { ["storageType"] = "azure", ["expires"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O"), ["contentType"] = "text/plain" };
        var s3WithoutContentType = new JsonObject { ["storageType"] = "s3", ["expires"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O") };

        var unknown = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CallAsync("createArtifact", new[] { taskId, "0", "public/a" }, azure));
        var incomplete = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CallAsync("createArtifact", new[] { taskId, "0", "public/b" }, s3WithoutContentType));

        Assert.That(unknown!.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(unknown.ServerMessage, Does.Contain("'azure'"));
        Assert.That(incomplete!.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(incomplete.ServerMessage, Does.Contain("\"contentType\""));
    }

    private static IEnumerable<TestCaseData> OtherServicesPayloads()
    {
        string expires = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        yield return new TestCaseData("index", "insertTask", new[] { "proj.x" },
                new JsonObject { ["taskId"] = "x", ["rank"] = "high", ["data"] = new JsonObject(), ["expires"] = expires }, "InsertTaskRequest.rank")
            .SetName("Index insertTask with a rank that is no number");
        yield return new TestCaseData("index", "insertTask", new[] { "proj.y" },
                new JsonObject { ["taskId"] = "x", ["rank"] = 1, ["data"] = new JsonObject(), ["expires"] = expires, ["note"] = "n" }, "\"note\"")
            .SetName("Index insertTask with a property its schema does not list");
        yield return new TestCaseData("secrets", "set", new[] { "project/app/s" },
                new JsonObject { ["expires"] = expires }, "\"secret\"")
            .SetName("Secrets set without its secret");
        yield return new TestCaseData("auth", "expandScopes", Array.Empty<string>(),
                new JsonObject { ["scopes"] = new JsonArray(1, 2) }, "Scopeset.scopes")
            .SetName("Auth expandScopes with scopes that are no strings");
    }

    [TestCaseSource(nameof(OtherServicesPayloads))]
    public void Index_secrets_and_auth_read_their_payloads_with_the_models_too(string service, string entry, string[] args, JsonObject payload, string named)
    {
        var options = _tc.ClientOptions(service);
        ApiClient client = service switch
        {
            "index" => new Taskcluster.Index(options),
            "secrets" => new Taskcluster.Secrets(options),
            _ => new Taskcluster.Auth(options),
        };

        var error = Assert.ThrowsAsync<TaskclusterException>(() => client.CallAsync(entry, args, payload));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ErrorCode, Is.EqualTo("InputValidationError"));
        Assert.That(error.ServerMessage, Does.Contain(named));
    }
}
