using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Taskcluster.Client.Tests.Models.Support;
using Taskcluster.Models.Hooks;
using Taskcluster.Models.Notify;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Tests.Models;

/// <summary>
/// Every builtin model against the schema it was generated from, with instances made from the schema by the tests'
/// own walker: each class reads and writes every property it lists, each union reads each branch into that branch's
/// class, and each enum has exactly the schema's values, in order, after its Unknown member.
/// </summary>
[TestFixture]
public sealed class EveryModelRoundTripTests
{
    private static IEnumerable<TestCaseData> Objects() => GeneratedModels.Objects.Select(t => new TestCaseData(t).SetArgDisplayNames(t.FullName!));

    private static IEnumerable<TestCaseData> Unions() => GeneratedModels.Unions.Select(t => new TestCaseData(t).SetArgDisplayNames(t.FullName!));

    private static IEnumerable<TestCaseData> Enums() => GeneratedModels.Enums.Select(t => new TestCaseData(t).SetArgDisplayNames(t.FullName!));

    [Test]
    public void The_tables_list_every_model_of_the_runtime()
    {
        var exported = typeof(ApiClient).Assembly.GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith("Taskcluster.Models.", StringComparison.Ordinal) == true && !t.IsSubclassOf(typeof(System.Text.Json.Serialization.JsonSerializerContext)));

        Assert.That(GeneratedModels.ByLocation.Values, Is.EquivalentTo(exported));
        TestContext.Out.WriteLine($"models: {GeneratedModels.ByLocation.Count} ({GeneratedModels.Objects.Count()} classes, {GeneratedModels.Unions.Count()} unions, {GeneratedModels.Enums.Count()} enums)");
    }

    [TestCaseSource(nameof(Objects))]
    public void A_class_reads_and_writes_every_property_its_schema_lists(Type model)
    {
        string location = GeneratedModels.LocationOf(model);
        var instance = SchemaFiles.Builtin.Instance(location, full: true)!;
        Assert.That(SchemaFiles.Builtin.Misfit(location, instance), Is.Null, "the instance fits the schema");

        object read = JsonSerializer.Deserialize(instance.ToJsonString(), model)!;
        string written = JsonSerializer.Serialize(read, model);

        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(written), instance), Is.True, $"read {instance.ToJsonString()}\nwrote {written}");
        Assert.That(ExtensionData(read), Is.Null, "every listed property has a typed member, none ends up in ExtensionData");
    }

    [TestCaseSource(nameof(Unions))]
    public void A_union_reads_each_branch_into_its_own_class_and_writes_it_back(Type union)
    {
        string location = SchemaFiles.Builtin.Resolve(GeneratedModels.LocationOf(union));
        var schema = (JsonObject)SchemaFiles.Builtin.At(location);
        string keyword = schema.ContainsKey("oneOf") ? "oneOf" : "anyOf";
        int count = ((JsonArray)schema[keyword]!).Count;
        var branches = GeneratedModels.Objects.Where(t => t.BaseType == union).ToList();
        Assert.That(branches, Has.Count.EqualTo(count), $"one class per {keyword} branch");

        for (int i = 0; i < count; i++)
        {
            string branchLocation = location + "/" + keyword + "/" + i;
            var branch = branches.Single(b => GeneratedModels.LocationOf(b) == branchLocation);
            var instance = (JsonObject)SchemaFiles.Builtin.Instance(branchLocation, full: true)!;

            object read = JsonSerializer.Deserialize(instance.ToJsonString(), union)!;
            string written = JsonSerializer.Serialize(read, union);

            Assert.That(read, Is.InstanceOf(branch), branchLocation);
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(written), instance), Is.True, $"{branch.Name}: read {instance.ToJsonString()}\nwrote {written}");
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(JsonSerializer.Deserialize(instance.ToJsonString(), branch), branch)), instance), Is.True, "read as the branch itself");
        }
    }

    [TestCaseSource(nameof(Enums))]
    public void An_enum_has_its_schemas_values_in_order_after_unknown(Type type)
    {
        var listed = ((JsonArray)SchemaFiles.Builtin.At(SchemaFiles.Builtin.Resolve(GeneratedModels.LocationOf(type)))["enum"]!)
            .Select(v => (string)v!).Distinct().ToList();
        var members = Enum.GetValues(type).Cast<object>().ToList();

        Assert.That(Convert.ToInt32(members[0], System.Globalization.CultureInfo.InvariantCulture), Is.Zero);
        Assert.That(members[0].ToString(), Is.EqualTo(type.Name == "Unknown" ? "UnknownValue" : "Unknown"));
        var written = members.Skip(1).Select(m => JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(m, type))).ToList();
        Assert.That(written, Is.EqualTo(listed));
        foreach (var member in members.Skip(1))
        {
            Assert.That(JsonSerializer.Deserialize(JsonSerializer.Serialize(member, type), type), Is.EqualTo(member));
        }
    }

    /// <summary>Wire values that are not identifiers, with the member names the naming rule gives them (worked out by hand).</summary>
    [TestCase(typeof(TaskRequires), "all-completed", "AllCompleted")]
    [TestCase(typeof(TaskRequires), "all-resolved", "AllResolved")]
    [TestCase(typeof(TaskPriority), "very-high", "VeryHigh")]
    [TestCase(typeof(TaskStatusRunsItemReasonResolved), "deadline-exceeded", "DeadlineExceeded")]
    [TestCase(typeof(TaskStatusRunsItemReasonResolved), "claim-expired", "ClaimExpired")]
    [TestCase(typeof(TaskStatusRunsItemReasonResolved), "worker-shutdown", "WorkerShutdown")]
    [TestCase(typeof(TaskStatusRunsItemReasonResolved), "malformed-payload", "MalformedPayload")]
    [TestCase(typeof(TaskStatusRunsItemReasonResolved), "intermittent-task", "IntermittentTask")]
    [TestCase(typeof(TaskStatusRunsItemReasonCreated), "task-retry", "TaskRetry")]
    [TestCase(typeof(MatrixRequestMsgtype), "m.notice", "MNotice")]
    [TestCase(typeof(ListLastFiresResponseLastFiresItemTaskState), "unknown", "UnknownValue")]
    public void A_wire_value_that_is_no_identifier_reads_and_writes_as_its_member(Type type, string wire, string member)
    {
        object value = Enum.Parse(type, member);

        Assert.That(JsonSerializer.Deserialize("\"" + wire + "\"", type), Is.EqualTo(value));
        Assert.That(JsonSerializer.Serialize(value, type), Is.EqualTo("\"" + wire + "\""));
    }

    private static object? ExtensionData(object model)
        => model.GetType().GetProperty("ExtensionData", BindingFlags.Public | BindingFlags.Instance)!.GetValue(model);
}
