using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Parsing.Schemas;

/// <summary>Bad schema files give a diagnostic with file, line and column, and never an exception.</summary>
public sealed class SchemaDiagnosticTests
{
    private const string Fine = "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}";

    private static GeneratorDriverRunResult Run(params TestFile[] files) => GeneratorRunner.Run(files);

    private static Diagnostic Only(GeneratorDriverRunResult result, string id)
    {
        Assert.That(result.Results[0].Exception, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { id }), string.Join("\n", result.Diagnostics));
        return result.Diagnostics[0];
    }

    private static void AssertAt(Diagnostic diagnostic, string path, int line, int column)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.That(span.Path, Is.EqualTo(path));
        Assert.That(span.StartLinePosition, Is.EqualTo(new LinePosition(line, column)), diagnostic.ToString());
    }

    private static IEnumerable<string> Hints(GeneratorDriverRunResult result) => result.Results[0].GeneratedSources.Select(s => s.HintName);

    [Test]
    public void Malformed_json_is_TCGEN019_at_the_offending_character_and_the_other_schemas_still_generate()
    {
        const string path = "/s/shop/v1/broken.json";
        string broken = ReferenceFiles.Lines("{", "  \"type\": \"object\"", "  \"properties\": {}", "}");

        var result = Run(SchemaFiles.Schema(path, broken), SchemaFiles.Schema("/s/shop/v1/fine.json", Fine));

        var diagnostic = Only(result, "TCGEN019");
        AssertAt(diagnostic, path, 2, 2);
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostic.GetMessage(), Does.Contain(path).And.Contain("expected ',' or '}'"));
        Assert.That(Hints(result), Does.Contain("Taskcluster.Models.Shop.g.cs"));
    }

    [Test]
    public void A_schema_whose_root_is_not_an_object_is_TCGEN020()
    {
        var diagnostic = Only(Run(SchemaFiles.Schema("/s/shop/v1/list.json", "\n  [1, 2]")), "TCGEN020");

        AssertAt(diagnostic, "/s/shop/v1/list.json", 1, 2);
    }

    [Test]
    public void A_schema_with_neither_an_id_nor_a_service_path_is_TCGEN020()
    {
        var diagnostic = Only(Run(SchemaFiles.Schema("thing.json", Fine)), "TCGEN020");

        Assert.That(diagnostic.GetMessage(), Does.Contain("$id").And.Contain("<service>/<version>/<name>.json"));
    }

    [Test]
    public void A_ref_that_leads_nowhere_is_TCGEN021_at_the_ref_and_the_value_becomes_raw_json()
    {
        const string path = "/s/shop/v1/order.json";
        string text = ReferenceFiles.Lines(
            "{\"type\": \"object\", \"properties\": {",
            "  \"a\": {\"$ref\": \"missing.json#\"},",
            "  \"b\": {\"$ref\": \"#/definitions/nope\"}",
            "}}");

        var result = Run(SchemaFiles.Schema(path, text));

        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "TCGEN021", "TCGEN021" }), string.Join("\n", result.Diagnostics));
        AssertAt(result.Diagnostics[0], path, 1, 16);
        Assert.That(result.Diagnostics[0].Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(result.Diagnostics[0].GetMessage(), Does.Contain("/schemas/shop/v1/missing.json"));
        Assert.That(result.Diagnostics[1].GetMessage(), Does.Contain("#/definitions/nope"));
        string source = GeneratorRunner.Source(result, "Taskcluster.Models.Shop.g.cs");
        Assert.That(source, Does.Contain("public global::System.Text.Json.Nodes.JsonNode? A { get; set; }"));
    }

    [Test]
    public void A_ref_chain_that_loops_is_TCGEN021_not_a_hang()
    {
        string text = "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/definitions/x\"}}, \"definitions\": {\"x\": {\"$ref\": \"#/definitions/y\"}, \"y\": {\"$ref\": \"#/definitions/x\"}}}";

        var result = Run(SchemaFiles.Schema("/s/shop/v1/loop.json", text));

        Assert.That(result.Results[0].Exception, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.Id).Distinct(), Is.EqualTo(new[] { "TCGEN021" }));
    }

    [Test]
    public void Two_files_with_one_id_is_TCGEN023_on_the_later_path()
    {
        string text = "{\"$id\": \"/schemas/shop/v1/order.json#\", \"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}";

        var diagnostic = Only(Run(SchemaFiles.Schema("/a/order.json", text), SchemaFiles.Schema("/b/order.json", text)), "TCGEN023");

        Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo("/b/order.json"));
        Assert.That(diagnostic.GetMessage(), Does.Contain("/a/order.json"));
    }

    [Test]
    public void A_keyword_of_the_wrong_type_is_TCGEN024_at_its_value()
    {
        const string path = "/s/shop/v1/order.json";
        string text = ReferenceFiles.Lines("{\"type\": \"object\",", "  \"required\": \"id\",", "  \"properties\": {\"id\": {\"type\": \"string\"}}}");

        var diagnostic = Only(Run(SchemaFiles.Schema(path, text)), "TCGEN024");

        AssertAt(diagnostic, path, 1, 14);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'required'").And.Contain("an array of strings"));
    }

    [Test]
    public void An_invalid_namespace_metadata_is_TCGEN018()
    {
        Only(Run(SchemaFiles.Schema("/s/shop/v1/order.json", Fine, ns: "My.class.Models")), "TCGEN018");
    }

    [Test]
    public void The_namespace_metadata_moves_the_models()
    {
        var result = Run(SchemaFiles.Schema("/s/shop/v1/order.json", Fine, ns: "MyCompany.Shop.Models"));

        Assert.That(result.Diagnostics, Is.Empty);
        string source = GeneratorRunner.Source(result, "MyCompany.Shop.Models.g.cs");
        Assert.That(source, Does.Contain("namespace MyCompany.Shop.Models").And.Contain("public sealed partial class ModelsJsonContext"));
    }

    [Test]
    public void Garbage_never_throws_and_leaves_the_builtin_models_alone()
    {
        var files = new List<TestFile>
        {
            SchemaFiles.Schema("/s/junk/v1/a.json", "\u0000\u0001 not json {{{"),
            SchemaFiles.Schema("/s/junk/v1/b.json", new string('[', 5000)),
            SchemaFiles.Schema("/s/junk/v1/c.json", ""),
            SchemaFiles.Schema("/s/junk/v1/d.json", "{\"properties\": [], \"items\": [1], \"oneOf\": {}, \"enum\": 3, \"type\": 7, \"$ref\": 5, \"additionalProperties\": \"x\"}"),
            SchemaFiles.Schema("/s/junk/v1/e.json", "{\"oneOf\": [{\"$ref\": \"#\"}, {\"$ref\": \"#\"}], \"properties\": {\"x\": {\"anyOf\": [{\"$ref\": \"#/properties/x\"}]}}}"),
            SchemaFiles.Schema("/s/junk/v1/f.json", "{\"$ref\": \"https://elsewhere.example/x.json#anchor\", \"definitions\": {\"\": {\"enum\": [null, {}, []]}}}"),
        };
        files.AddRange(SchemaFiles.Builtin());

        var result = Run(files.ToArray());

        Assert.That(result.Results[0].Exception, Is.Null);
        Assert.That(result.Diagnostics.Where(d => d.Id == "TCGEN999"), Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics.Where(d => !d.Location.GetLineSpan().Path.StartsWith("/s/junk/", StringComparison.Ordinal)), Is.Empty);
        Assert.That(Hints(result), Is.SupersetOf(new[] { "Taskcluster.Models.Queue.g.cs", "Taskcluster.Models.Auth.g.cs" }));
    }

    [Test]
    public void A_failure_while_emitting_is_TCGEN999_for_that_namespace_not_an_exception()
    {
        // An array without an item type cannot come out of the builder; it stands in for an emitter bug.
        var broken = new Model.Schemas.TypeRef(Model.Schemas.ValueKind.Array, "", "", null);
        var property = new Model.Schemas.PropertyModel("items", "Items", broken, Required: true, "", "");
        var type = new Model.Schemas.TypeModel(
            Model.Schemas.TypeModelKind.Object, "Broken", "/schemas/shop/v1/broken.json#", "", "",
            Model.EquatableArray<Model.Schemas.PropertyModel>.From(new[] { property }), Model.EquatableArray<Model.Schemas.EnumMemberModel>.Empty,
            Model.EquatableArray<Model.Schemas.BranchModel>.Empty, "", "", "", "");
        var service = new Model.Schemas.ServiceTypes("Taskcluster.Models.Shop", "shop", "ShopJsonContext",
            Model.EquatableArray<Model.Schemas.TypeModel>.From(new[] { type }), Model.EquatableArray<Model.Schemas.RootType>.Empty);

        var emission = Taskcluster.Generators.Emitting.Models.ModelEmitter.Emit(service);

        Assert.That(emission.Source, Is.Null);
        Assert.That(emission.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "TCGEN999" }));
        Assert.That(emission.Diagnostics[0].Arguments[0].Value, Does.Contain("Taskcluster.Models.Shop"));
    }
}
