using NUnit.Framework;
using Taskcluster.Generators.Model.Schemas;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Parsing.Schemas;

/// <summary>Each naming rule of issue 12: names from the file name and JSON pointer, never from a title.</summary>
public sealed class NamingTests
{
    private static ServiceTypes Only(params (string Path, string Json)[] files)
    {
        var (models, diagnostics) = SchemaFiles.Build(files);
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        Assert.That(models, Has.Count.EqualTo(1));
        return models.Values.Single();
    }

    private static string[] Names(ServiceTypes service) => service.Types.Select(t => t.Name).ToArray();

    private const string Shop = "/s/shop/v1/";

    [Test]
    public void A_file_is_named_after_its_file_name_in_pascal_case()
    {
        var service = Only((Shop + "create-order-request.json", "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}"));

        Assert.That(Names(service), Is.EqualTo(new[] { "CreateOrderRequest" }));
        Assert.That(service.Namespace, Is.EqualTo("Taskcluster.Models.Shop"));
        Assert.That(service.ContextName, Is.EqualTo("ShopJsonContext"));
    }

    [Test]
    public void The_title_never_names_a_type()
    {
        string with(string title) => "{\"title\": \"" + title + "\", \"type\": \"object\", \"properties\": {\"state\": {\"title\": \"" + title
            + "\", \"type\": \"string\", \"enum\": [\"a\", \"b\"]}}}";

        var before = Only((Shop + "order.json", with("Order Response")));
        var after = Only((Shop + "order.json", with("Something Else Entirely")));

        Assert.That(Names(after), Is.EqualTo(Names(before)));
        Assert.That(Names(after), Is.EqualTo(new[] { "Order", "OrderState" }));
    }

    [Test]
    public void An_inline_object_or_enum_is_named_owner_plus_property()
    {
        var service = Only((Shop + "order-status.json", """
            {"type": "object", "properties": {
              "state": {"type": "string", "enum": ["open", "closed"]},
              "address": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["home", "work"]}}}
            }}
            """));

        Assert.That(Names(service), Is.EqualTo(new[] { "OrderStatus", "OrderStatusAddress", "OrderStatusAddressKind", "OrderStatusState" }));
    }

    [Test]
    public void Array_items_are_named_owner_plus_item_and_map_values_owner_plus_value()
    {
        var service = Only((Shop + "order-status.json", """
            {"type": "object", "properties": {
              "runs": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}},
              "byName": {"type": "object", "additionalProperties": {"type": "object", "properties": {"n": {"type": "integer"}}}}
            }}
            """));

        Assert.That(Names(service), Is.EqualTo(new[] { "OrderStatus", "OrderStatusByNameValue", "OrderStatusRunsItem" }));
    }

    [Test]
    public void A_root_array_names_only_its_items()
    {
        var service = Only((Shop + "list-orders-response.json", "{\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}}"));

        Assert.That(Names(service), Is.EqualTo(new[] { "ListOrdersResponseItem" }));
    }

    [Test]
    public void A_definition_is_named_owner_plus_its_name()
    {
        var service = Only((Shop + "hashes.json", """
            {"definitions": {"download": {"type": "object", "properties": {"sha256": {"type": "string"}}}}}
            """));

        Assert.That(Names(service), Is.EqualTo(new[] { "HashesDownload" }));
    }

    [Test]
    public void A_branch_keyed_by_a_const_or_one_value_enum_is_named_owner_plus_value()
    {
        var service = Only((Shop + "content-response.json", """
            {"oneOf": [
              {"type": "object", "properties": {"storageType": {"const": "s3"}, "url": {"type": "string"}}, "required": ["storageType", "url"]},
              {"type": "object", "properties": {"storageType": {"type": "string", "enum": ["error-kind"]}, "message": {"type": "string"}}, "required": ["storageType"]}
            ]}
            """));

        Assert.That(Names(service), Is.EqualTo(new[] { "ContentResponse", "ContentResponseErrorKind", "ContentResponseS3" }));
        var union = SchemaFiles.Type(service, "ContentResponse");
        Assert.That(union.Kind, Is.EqualTo(TypeModelKind.Union));
        Assert.That(union.DiscriminatorJsonName, Is.EqualTo("storageType"));
        Assert.That(union.Branches.Select(b => (b.Value, b.TypeName)), Is.EqualTo(new[] { ("s3", "ContentResponseS3"), ("error-kind", "ContentResponseErrorKind") }));
        Assert.That(SchemaFiles.Type(service, "ContentResponseS3").Properties.Select(p => p.JsonName), Is.EqualTo(new[] { "url" }), "the discriminator belongs to the base");
    }

    [Test]
    public void A_union_without_a_discriminator_is_raw_json_and_names_nothing()
    {
        var service = Only((Shop + "proof.json", """
            {"type": "object", "properties": {"proof": {"oneOf": [
              {"type": "object", "properties": {"token": {"type": "string"}}, "required": ["token"]},
              {"type": "object", "properties": {"document": {"type": "string"}}, "required": ["document"]}
            ]}}}
            """));

        Assert.That(Names(service), Is.EqualTo(new[] { "Proof" }));
        Assert.That(SchemaFiles.Type(service, "Proof").Properties[0].Type.Kind, Is.EqualTo(ValueKind.Node));
    }

    [TestCase("task.json", "TaskModel")]
    [TestCase("task-status.json", "TaskStatusModel")]
    [TestCase("index.json", "IndexModel")]
    [TestCase("object.json", "ObjectModel")]
    [TestCase("string.json", "StringModel")]
    [TestCase("action.json", "ActionModel")]
    [TestCase("type.json", "TypeModel")]
    [TestCase("task-run.json", "TaskRun")]
    public void A_name_that_would_shadow_a_common_dotnet_type_gets_Model_appended(string file, string expected)
    {
        var service = Only((Shop + file, "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}"));

        Assert.That(Names(service), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void Only_the_shadowing_name_changes_not_the_names_under_it()
    {
        var service = Only((Shop + "task.json", "{\"type\": \"object\", \"properties\": {\"requires\": {\"type\": \"string\", \"enum\": [\"all-completed\"]}}}"));

        Assert.That(Names(service), Is.EqualTo(new[] { "TaskModel", "TaskRequires" }));
    }

    [Test]
    public void A_member_named_like_its_type_gets_Value_appended_and_keeps_its_json_name()
    {
        var service = Only((Shop + "secret.json", """
            {"type": "object", "properties": {"secret": {"type": "object"}, "extensionData": {"type": "string"}, "toString": {"type": "string"}, "a-b": {"type": "string"}, "a_b": {"type": "string"}}}
            """));

        var members = SchemaFiles.Type(service, "Secret").Properties.Select(p => (p.JsonName, p.MemberName));

        Assert.That(members, Is.EqualTo(new[]
        {
            ("secret", "SecretValue"), ("extensionData", "ExtensionDataValue"), ("toString", "ToStringValue"), ("a-b", "AB"), ("a_b", "AB2"),
        }));
    }

    [Test]
    public void Enum_members_come_from_the_wire_values()
    {
        var service = Only((Shop + "order.json", """
            {"type": "object", "properties": {"requires": {"type": "string", "enum": ["all-completed", "all_resolved", "s3", "", "2fast", "getUrl"]}}}
            """));

        var members = SchemaFiles.Type(service, "OrderRequires").Members.Select(m => (m.WireValue, m.MemberName));

        Assert.That(members, Is.EqualTo(new[]
        {
            ("all-completed", "AllCompleted"), ("all_resolved", "AllResolved"), ("s3", "S3"), ("", "Empty"), ("2fast", "_2fast"), ("getUrl", "GetUrl"),
        }));
    }

    [Test]
    public void The_same_file_name_in_two_services_gives_one_type_in_each_namespace()
    {
        var (models, diagnostics) = SchemaFiles.Build(
            ("/s/queue/v1/task.json", "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}"),
            ("/s/worker-manager/v1/task.json", "{\"type\": \"object\", \"properties\": {\"b\": {\"type\": \"string\"}}}"));

        Assert.That(diagnostics, Is.Empty);
        Assert.That(models.Keys, Is.EquivalentTo(new[] { "Taskcluster.Models.Queue", "Taskcluster.Models.WorkerManager" }));
        Assert.That(Names(models["Taskcluster.Models.WorkerManager"]), Is.EqualTo(new[] { "TaskModel" }));
        Assert.That(models["Taskcluster.Models.WorkerManager"].ContextName, Is.EqualTo("WorkerManagerJsonContext"));
    }

    [Test]
    public void The_id_decides_the_service_when_the_path_says_otherwise()
    {
        var service = Only(("/anywhere/order.json", "{\"$id\": \"/schemas/shop/v1/order.json#\", \"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}"));

        Assert.That(service.Namespace, Is.EqualTo("Taskcluster.Models.Shop"));
    }

    [Test]
    public void Two_schemas_that_would_share_a_name_warn_and_the_later_one_is_numbered()
    {
        var (models, diagnostics) = SchemaFiles.Build(
            (Shop + "order.json", "{\"type\": \"object\", \"properties\": {\"state\": {\"type\": \"string\", \"enum\": [\"a\"]}}}"),
            (Shop + "order-state.json", "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"string\"}}}"));

        Assert.That(Names(models.Values.Single()), Is.EqualTo(new[] { "Order", "OrderState", "OrderState2" }));
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "TCGEN022" }));
        Assert.That(diagnostics[0].Arguments.Select(a => a.Value), Does.Contain("OrderState2").And.Contain("/schemas/shop/v1/order-state.json#"));
    }

    [Test]
    public void Todays_builtin_schemas_get_the_names_issue_12_promises()
    {
        var (models, _) = SchemaFiles.Build(SchemaFiles.Builtin().Select(f => (f.Path, f.Text)).ToArray());
        var queue = models["Taskcluster.Models.Queue"];

        Assert.That(Names(queue), Is.SupersetOf(new[]
        {
            "CreateTaskRequest", "TaskStatusResponse", "TaskStatusRunsItem", "TaskStatusState", "ArtifactContentResponse",
            "ArtifactContentResponseS3", "ArtifactContentResponseObject", "ArtifactContentResponseReference", "ArtifactContentResponseError",
            "TaskModel", "TaskStatusModel", "TaskRequires", "TaskPriority", "TaskCompletedMessage",
        }));
        Assert.That(Names(models["Taskcluster.Models.Auth"]), Does.Contain("AuthenticateHawkResponseAuthSuccess"));
        Assert.That(Names(models["Taskcluster.Models.Object"]), Is.SupersetOf(new[] { "DownloadObjectResponseSimple", "DownloadObjectResponseGetUrl" }));
        Assert.That(SchemaFiles.Type(models["Taskcluster.Models.Secrets"], "Secret").Properties.Select(p => p.MemberName), Does.Contain("SecretValue"));
    }

    [Test]
    public void A_ref_into_another_service_uses_that_services_type_and_name()
    {
        var (models, diagnostics) = SchemaFiles.Build(
            ("/s/queue/v1/task.json", "{\"type\": \"object\", \"properties\": {\"priority\": {\"type\": \"string\", \"enum\": [\"high\", \"low\"]}}}"),
            ("/s/hooks/v1/hook.json", "{\"type\": \"object\", \"properties\": {\"task\": {\"$ref\": \"/schemas/queue/v1/task.json#\"}, \"priority\": {\"$ref\": \"../../queue/v1/task.json#/properties/priority\"}}}"));

        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        var hook = SchemaFiles.Type(models["Taskcluster.Models.Hooks"], "Hook");
        Assert.That(hook.Properties.Select(p => p.Type.TypeName), Is.EqualTo(new[]
        {
            "global::Taskcluster.Models.Queue.TaskModel", "global::Taskcluster.Models.Queue.TaskPriority",
        }));
        Assert.That(Names(models["Taskcluster.Models.Hooks"]), Is.EqualTo(new[] { "Hook" }), "the queue's types stay in the queue's namespace");
    }

    [Test]
    public void A_schema_named_apis_json_is_not_taken_for_a_map_of_references()
    {
        var result = GeneratorRunner.Run(SchemaFiles.Schema("/s/shop/v1/apis.json", "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}"));

        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Results[0].GeneratedSources.Select(s => s.HintName), Is.EqualTo(new[] { "Taskcluster.Models.Shop.g.cs" }));
    }
}
