using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Taskcluster.Client.Tests.Models.Support;
using Taskcluster.Models;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Tests.Models;

/// <summary>
/// Enum values a newer TaskCluster sends (a new run state, a new reason) on the builtin models: read as the enum's
/// Unknown member without failing, written back as they came; an Unknown with nothing kept cannot be written.
/// </summary>
[TestFixture]
public sealed class UnknownEnumValueTests
{
    private static string Status() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "Data", "task-status-response.json"));

    /// <summary>The realistic status with values v106 does not have, in a task, a run and an optional reason.</summary>
    private static string NewerStatus()
    {
        var json = JsonNode.Parse(Status())!;
        json["status"]!["state"] = "paused";
        json["status"]!["priority"] = "urgent";
        json["status"]!["runs"]![3]!["reasonResolved"] = "preempted";
        json["status"]!["runs"]![4]!["state"] = "suspended";
        json["status"]!["runs"]![4]!["reasonCreated"] = "migrated";
        return json.ToJsonString(GeneratedModels.Relaxed);
    }

    [Test]
    public void Values_a_newer_server_sends_read_as_unknown()
    {
        var status = JsonSerializer.Deserialize<TaskStatusResponse>(NewerStatus())!.Status;

        Assert.That(status.State, Is.EqualTo(TaskStatusState.Unknown));
        Assert.That(status.Priority, Is.EqualTo(TaskPriority.Unknown));
        Assert.That(status.Runs[3].ReasonResolved, Is.EqualTo(TaskStatusRunsItemReasonResolved.Unknown));
        Assert.That(status.Runs[4].State, Is.EqualTo(TaskStatusRunsItemState.Unknown));
        Assert.That(status.Runs[4].ReasonCreated, Is.EqualTo(TaskStatusRunsItemReasonCreated.Unknown));
        Assert.That(status.Runs[3].State, Is.EqualTo(TaskStatusRunsItemState.Exception), "known values next to them read as before");
    }

    [Test]
    public void Values_a_newer_server_sends_are_written_back_as_they_came()
    {
        string input = NewerStatus();

        var response = JsonSerializer.Deserialize<TaskStatusResponse>(input, GeneratedModels.Relaxed)!;
        var viaContext = JsonSerializer.Deserialize(input, QueueJsonContext.Default.TaskStatusResponse)!;

        Assert.That(JsonSerializer.Serialize(response, GeneratedModels.Relaxed), Is.EqualTo(input));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(viaContext, QueueJsonContext.Default.TaskStatusResponse)), JsonNode.Parse(input)), Is.True);
    }

    [Test]
    public void Writing_unknown_set_in_code_throws_saying_why_and_what_the_values_are()
    {
        var run = new TaskStatusRunsItem
        {
            ReasonCreated = TaskStatusRunsItemReasonCreated.Scheduled,
            RunId = 0,
            Scheduled = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
            State = TaskStatusRunsItemState.Unknown,
        };

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(run));

        Assert.That(exception!.Message, Is.EqualTo(
            "Cannot write TaskStatusRunsItemState.Unknown: it stands for a value this SDK does not know, and no JSON string was kept for it "
            + "(only a value read into a model's property, list or map, and not set since, keeps the string it was read from). "
            + "Set one of \"pending\", \"running\", \"completed\", \"failed\", \"exception\"."));
    }

    [Test]
    public void A_default_enum_is_unknown_and_cannot_be_written()
    {
        Assert.That(default(TaskRequires), Is.EqualTo(TaskRequires.Unknown));
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(default(TaskRequires)));
    }

    [Test]
    public void Setting_the_property_replaces_the_kept_string()
    {
        var response = JsonSerializer.Deserialize<TaskStatusResponse>(NewerStatus())!;
        var run = response.Status.Runs[4];

        run.State = TaskStatusRunsItemState.Completed;
        Assert.That(JsonSerializer.Serialize(run), Does.Contain("\"state\":\"completed\""));

        run.State = TaskStatusRunsItemState.Unknown;
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(run), "the string read earlier described the value read, not this one");
    }

    [Test]
    public void Copying_an_unknown_into_another_model_does_not_copy_its_string()
    {
        var status = JsonSerializer.Deserialize<TaskStatusResponse>(NewerStatus())!.Status;
        var request = new ChangeTaskPriorityRequest { NewPriority = (ChangeTaskPriorityRequestNewPriority)(int)status.Priority!.Value };

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(request));

        Assert.That(exception!.Message, Does.StartWith("Cannot write ChangeTaskPriorityRequestNewPriority.Unknown"));
    }

    [Test]
    public void An_enum_read_on_its_own_is_unknown_with_nowhere_to_keep_the_string()
    {
        var requires = JsonSerializer.Deserialize<TaskRequires>("\"some-completed\"");

        Assert.That(requires, Is.EqualTo(TaskRequires.Unknown));
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(requires));
    }

    [Test]
    public void A_value_that_is_not_a_string_is_still_an_error_with_its_path()
    {
        var json = JsonNode.Parse(Status())!;
        json["status"]!["runs"]![1]!["state"] = 2;

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TaskStatusResponse>(json.ToJsonString()));

        Assert.That(exception!.Message, Is.EqualTo("TaskStatusResponse.status: TaskStatusModel.runs: [1]: TaskStatusRunsItem.state: Expected a string for TaskStatusRunsItemState, found a number."));
    }

    /// <summary>
    /// No builtin schema has a list or map of enums, so the runtime's readers are checked here with a builtin enum's
    /// converter (the generator tests run the same on generated models).
    /// </summary>
    [Test]
    public void A_list_of_enums_keeps_its_unknown_items_strings_and_a_list_built_in_code_does_not()
    {
        const string json = """["high","urgent","lowest","critical"]""";
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        var items = ModelJson.ReadEnumArray<TaskPriority>(ref reader, JsonSerializerOptions.Default, QueueJsonContext.Converters.TaskPriorityConverter.ReadValue);

        Assert.That(items, Is.EqualTo(new[] { TaskPriority.High, TaskPriority.Unknown, TaskPriority.Lowest, TaskPriority.Unknown }));
        Assert.That(Write(items), Is.EqualTo(json));
        Assert.That(items, Is.Not.AssignableTo<IList<TaskPriority>>(), "read-only, so the strings cannot drift from their items");
        var copy = new List<TaskPriority>(items);
        var exception = Assert.Throws<JsonException>(() => Write(copy));
        Assert.That(exception!.Message, Does.StartWith("Cannot write TaskPriority.Unknown"));
    }

    [Test]
    public void A_list_of_known_enums_is_read_as_before()
    {
        var reader = new Utf8JsonReader("""["high","low"]"""u8);
        reader.Read();

        var items = ModelJson.ReadEnumArray<TaskPriority>(ref reader, JsonSerializerOptions.Default, QueueJsonContext.Converters.TaskPriorityConverter.ReadValue);

        Assert.That(items, Is.EqualTo(new[] { TaskPriority.High, TaskPriority.Low }));
        Assert.That(Write(items), Is.EqualTo("""["high","low"]"""));
    }

    [Test]
    public void A_map_of_enums_keeps_its_unknown_values_strings()
    {
        const string json = """{"linux":"high","mac":"urgent","windows":"very-low"}""";
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        var map = ModelJson.ReadEnumMap<TaskPriority>(ref reader, JsonSerializerOptions.Default, QueueJsonContext.Converters.TaskPriorityConverter.ReadValue);

        Assert.That(map["mac"], Is.EqualTo(TaskPriority.Unknown));
        Assert.That(map["windows"], Is.EqualTo(TaskPriority.VeryLow));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ModelJson.WriteMap(writer, map, JsonSerializerOptions.Default, QueueJsonContext.Converters.TaskPriorityConverter.WriteValue);
        }
        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo(json));
    }

    private static string Write(IReadOnlyList<TaskPriority> items)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ModelJson.WriteArray(writer, items, JsonSerializerOptions.Default, QueueJsonContext.Converters.TaskPriorityConverter.WriteValue);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
