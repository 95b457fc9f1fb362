using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.References.Tests.Tool;

/// <summary>Resolving schema ids and <c>$ref</c> links, and the class names of builtin references.</summary>
public sealed class SchemaLinksTests
{
    private static readonly HttpDeployment Deployment = new("https://tc.example.com/prefix/", new System.Net.Http.HttpClient());

    [TestCase("/schemas/queue/", "v1/task.json#", ExpectedResult = "/schemas/queue/v1/task.json")]
    [TestCase("/schemas/queue/v1/a.json", "task.json#/properties/x", ExpectedResult = "/schemas/queue/v1/task.json")]
    [TestCase("/schemas/queue/v1/a.json", "./task.json#", ExpectedResult = "/schemas/queue/v1/task.json")]
    [TestCase("/schemas/queue/v1/a.json", "/schemas/common/x.json#", ExpectedResult = "/schemas/common/x.json")]
    [TestCase("/schemas/queue/v1/a.json", "../../index/v1/y.json", ExpectedResult = "/schemas/index/v1/y.json")]
    [TestCase("/schemas/queue/v1/a.json", "https://tc.example.com/prefix/schemas/common/x.json#", ExpectedResult = "/schemas/common/x.json")]
    [TestCase("/schemas/queue/v1/a.json", "https://elsewhere.example.com/schemas/common/x.json#", ExpectedResult = null)]
    [TestCase("/schemas/queue/v1/a.json", "http://json-schema.org/draft-06/schema#", ExpectedResult = null)]
    public string? Links_resolve_to_the_schema_file_they_name(string basePath, string link) =>
        SchemaLinks.Resolve(Deployment, basePath, link);

    [TestCase("../../../references/manifest.json")]
    [TestCase("/schemas/x.json")]
    [TestCase("/schemas/queue/v1/.hidden.json")]
    [TestCase("/schemas/queue/v1/%2e%2e/%2e%2e/x.json")]
    public void A_link_that_would_leave_the_schemas_folder_is_malformed(string link)
    {
        var exception = Assert.Throws<ToolException>(() => SchemaLinks.Resolve(Deployment, "/schemas/queue/v1/a.json", link));

        Assert.That(exception!.ExitCode, Is.EqualTo(ExitCodes.NotAReference));
    }

    [Test]
    public void Refs_in_data_keywords_are_not_links_but_property_names_like_enum_hold_schemas()
    {
        using var schema = JsonDocument.Parse("""
            {"$ref": "a.json", "default": {"$ref": "no.json"}, "examples": [{"$ref": "no.json"}],
             "properties": {"enum": {"$ref": "b.json"}, "$ref": {"items": {"$ref": "c.json"}}},
             "definitions": {"d": {"allOf": [{"$ref": "d.json"}]}}}
            """);

        Assert.That(SchemaLinks.References(schema.RootElement), Is.EqualTo(new[] { "a.json", "b.json", "c.json", "d.json" }));
    }

    [TestCase("worker-manager", DeploymentReferenceKind.Api, ExpectedResult = "WorkerManager")]
    [TestCase("purge-cache", DeploymentReferenceKind.Api, ExpectedResult = "PurgeCache")]
    [TestCase("queue", DeploymentReferenceKind.Exchanges, ExpectedResult = "QueueEvents")]
    [TestCase("worker-manager", DeploymentReferenceKind.Exchanges, ExpectedResult = "WorkerManagerEvents")]
    public string Class_names_are_the_pascal_cased_service_with_events_for_exchanges(string service, DeploymentReferenceKind kind) =>
        BuiltinServices.ClassName(service, kind);

    [Test]
    public void The_builtin_set_is_the_sixteen_clients_of_todays_official_clients()
    {
        Assert.That(BuiltinServices.Set, Has.Count.EqualTo(16));
        Assert.That(BuiltinServices.Includes("web-server", DeploymentReferenceKind.Api), Is.False);
        Assert.That(BuiltinServices.Includes("index", DeploymentReferenceKind.Exchanges), Is.False);
        Assert.That(BuiltinServices.Includes("purge-cache", DeploymentReferenceKind.Api), Is.True);
    }

    [Test]
    public async Task A_saved_deployment_treats_an_absolute_link_as_its_own_only_when_it_holds_that_document()
    {
        string file = Path.Combine(Path.GetTempPath(), "tc-links-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, """[{"filename": "schemas/common/x.json", "content": {}}]""");
        try
        {
            var saved = await ReferencesFileDeployment.LoadAsync(file);

            Assert.That(SchemaLinks.Resolve(saved, "/schemas/queue/v1/a.json", "https://any.example/schemas/common/x.json#"), Is.EqualTo("/schemas/common/x.json"));
            Assert.That(SchemaLinks.Resolve(saved, "/schemas/queue/v1/a.json", "http://json-schema.org/draft-06/schema#"), Is.Null);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
