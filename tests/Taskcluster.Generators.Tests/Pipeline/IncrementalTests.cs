using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Pipeline;

public sealed class IncrementalTests
{
    private static readonly string[] s_steps =
    {
        TrackingNames.FilesWithOptions, TrackingNames.ReferenceFiles, TrackingNames.ReferencesOnly, TrackingNames.SelectedFiles, TrackingNames.Parsed, TrackingNames.Services,
        TrackingNames.Diagnostics, TrackingNames.ClassClaims, TrackingNames.AllClassClaims, TrackingNames.DuplicateClasses,
        TrackingNames.ServicesWithDuplicates, TrackingNames.InterfaceClashes, TrackingNames.ServicesWithInterfaceClashes, TrackingNames.Sources,
        TrackingNames.SchemaFiles, TrackingNames.SchemasOnly, TrackingNames.ParsedSchemas, TrackingNames.SchemaDiagnostics,
        TrackingNames.SchemaDocuments, TrackingNames.AllSchemaDocuments, TrackingNames.SchemaGroups, TrackingNames.SchemaGroupDiagnostics,
        TrackingNames.SchemaSets, TrackingNames.ModelBuilds, TrackingNames.ModelDiagnostics, TrackingNames.ModelTypes, TrackingNames.ModelSources,
        TrackingNames.ClientTypes, TrackingNames.AllClientTypes, TrackingNames.ServicesWithAllClientTypes, TrackingNames.TypedServices,
    };

    private const string FlawedReference =
        "{\"baseUrl\": \"https://x.example/v1\", \"entries\": [{\"type\": \"function\", \"name\": \"noRoute\", \"method\": \"get\", \"args\": []}]}";

    /// <summary>
    /// The builtin references, a file that is not a reference, one reference with a warning, the builtin schemas and
    /// one schema with a warning.
    /// </summary>
    private static (GeneratorDriver Driver, AdditionalText Apis, AdditionalText Other) FirstRun()
    {
        var (driver, texts) = FirstRunWithSchemas();
        return (driver, texts["/refs/apis.json"], texts["/refs/notes.txt"]);
    }

    private static (GeneratorDriver Driver, Dictionary<string, AdditionalText> Texts) FirstRunWithSchemas()
    {
        var apis = new InMemoryAdditionalText("/refs/apis.json", ReferenceFiles.ApisJson);
        var other = new InMemoryAdditionalText("/refs/notes.txt", "not a reference");
        var flawed = new InMemoryAdditionalText("/refs/flawed.json", FlawedReference);
        // A keyword of the wrong type (TCGEN024, when read), a $ref to nowhere (TCGEN021, when built), and a copy
        // with the same $id (TCGEN023, when grouped): every diagnostic step has something to carry.
        const string flawedSchemaText = "{\"$id\": \"/schemas/shop/v1/flawed.json#\", \"type\": \"object\", \"required\": \"a\", \"properties\": {\"a\": {\"$ref\": \"nowhere.json#\"}}}";
        var flawedSchema = new InMemoryAdditionalText("/refs/schemas/shop/v1/flawed.json", flawedSchemaText);
        var copiedSchema = new InMemoryAdditionalText("/refs/schemas/shop/v1/zcopy.json", flawedSchemaText);
        var metadata = new Dictionary<string, Dictionary<string, string>>
        {
            [flawed.Path] = new() { ["TaskclusterReference"] = "true" },
            [flawedSchema.Path] = new() { ["TaskclusterSchema"] = "true" },
            [copiedSchema.Path] = new() { ["TaskclusterSchema"] = "true" },
        };
        var texts = new List<AdditionalText> { apis, other, flawed, flawedSchema, copiedSchema };
        foreach (var schema in SchemaFiles.Builtin())
        {
            texts.Add(new InMemoryAdditionalText(schema.Path, schema.Text));
            metadata[schema.Path] = schema.Metadata!;
        }
        GeneratorDriver driver = GeneratorRunner.CreateDriver(texts.ToImmutableArray(), new TestOptionsProvider(metadata));
        driver = driver.RunGenerators(GeneratorRunner.EmptyCompilation());
        return (driver, texts.ToDictionary(t => t.Path));
    }

    private static List<string> Rebuilt(GeneratorRunResult result, string step)
        => Outputs(result, step)
            .Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified)
            .Select(o => o.Value switch
            {
                Taskcluster.Generators.Model.GeneratedSource source => source.HintName,
                Taskcluster.Generators.Emitting.Models.ModelEmission emission => emission.Source?.HintName ?? "(failed)",
                _ => "(unexpected " + o.Value?.GetType().Name + ")",
            })
            .ToList();

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason, object? Value)> Outputs(GeneratorRunResult result, string step)
        => result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(run => run.Outputs.Select(o => (step, o.Reason, (object?)o.Value)))
            : Enumerable.Empty<(string, IncrementalStepRunReason, object?)>();

    [Test]
    public void Every_named_step_runs_on_the_first_pass()
    {
        var (driver, _, _) = FirstRun();

        var tracked = driver.GetRunResult().Results[0].TrackedSteps.Keys;

        Assert.That(s_steps.Except(tracked), Is.Empty);
    }

    [Test]
    public void A_second_run_on_unchanged_input_reports_every_step_cached_or_unchanged()
    {
        var (driver, _, _) = FirstRun();

        var result = driver.RunGenerators(GeneratorRunner.EmptyCompilation()).GetRunResult().Results[0];

        var outputs = s_steps.SelectMany(step => Outputs(result, step)).ToList();
        Assert.That(outputs, Is.Not.Empty);
        Assert.That(outputs.Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)), Is.Empty);
    }

    [Test]
    public void Editing_one_service_regenerates_only_its_source()
    {
        var (driver, apis, _) = FirstRun();
        string edited = ReferenceFiles.ApisJson.Replace("\"title\": \"Authentication API\"", "\"title\": \"Authentication API, edited\"");
        Assert.That(edited, Is.Not.EqualTo(ReferenceFiles.ApisJson), "the edit must change the text");
        driver = driver.ReplaceAdditionalText(apis, new InMemoryAdditionalText(apis.Path, edited));

        var result = driver.RunGenerators(GeneratorRunner.EmptyCompilation()).GetRunResult().Results[0];

        var sources = Outputs(result, TrackingNames.Sources).ToList();
        var rebuilt = sources.Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified)
            .Select(o => ((Taskcluster.Generators.Model.GeneratedSource)o.Value!).HintName);
        Assert.That(rebuilt, Is.EqualTo(new[] { "Auth.g.cs" }));
        Assert.That(sources.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), Is.EqualTo(6));
        Assert.That(GeneratorRunner.SourceText(result, "Auth.g.cs"), Does.Contain("Authentication API, edited"));
    }

    [Test]
    public void The_first_run_generates_the_models_and_reports_the_flawed_schema()
    {
        var (driver, _) = FirstRunWithSchemas();

        var result = driver.GetRunResult();

        Assert.That(result.Results[0].GeneratedSources.Select(s => s.HintName), Is.SupersetOf(new[] { "Taskcluster.Models.Queue.g.cs", "Taskcluster.Models.Shop.g.cs" }));
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EquivalentTo(new[] { "TCGEN003", "TCGEN024", "TCGEN024", "TCGEN021", "TCGEN023" }));
    }

    [Test]
    public void Editing_one_schema_regenerates_only_its_services_models()
    {
        var (driver, texts) = FirstRunWithSchemas();
        var run = texts["/refs/schemas/queue/v1/task-run.json"];
        string text = run.GetText()!.ToString();
        string edited = text.Replace("\"title\": \"Task Run\"", "\"title\": \"Task Run, edited\"");
        Assert.That(edited, Is.Not.EqualTo(text), "the edit must change the text");
        driver = driver.ReplaceAdditionalText(run, new InMemoryAdditionalText(run.Path, edited));

        var result = driver.RunGenerators(GeneratorRunner.EmptyCompilation()).GetRunResult().Results[0];

        Assert.That(Rebuilt(result, TrackingNames.ModelSources), Is.EqualTo(new[] { "Taskcluster.Models.Queue.g.cs" }));
        Assert.That(Outputs(result, TrackingNames.ModelSources).Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), Is.EqualTo(10));
        var builds = Outputs(result, TrackingNames.ModelBuilds).ToList();
        Assert.That(builds.Count(o => o.Reason == IncrementalStepRunReason.Modified), Is.EqualTo(1), "only the queue's models are built again");
        Assert.That(Rebuilt(result, TrackingNames.Sources), Is.Empty, "no client is regenerated for a schema edit");
        Assert.That(GeneratorRunner.SourceText(result, "Taskcluster.Models.Queue.g.cs"), Does.Contain("Task Run, edited"));
    }

    [Test]
    public void A_schema_edit_that_changes_what_a_client_sees_regenerates_only_that_client()
    {
        // A second list in listTaskGroup's page: the page no longer has one obvious list of items, so the Queue client
        // loses ListTaskGroupItemsAsync. Every other client sees the same models as before and stays cached. Today's
        // references here (the other tests' 2014 ones name no schema a model could come from).
        var (driver, texts) = FirstRunWithSchemas();
        var apis = texts["/refs/apis.json"];
        driver = driver.ReplaceAdditionalText(apis, new InMemoryAdditionalText(apis.Path, ReferenceFiles.BuiltinApisJson));
        driver = driver.RunGenerators(GeneratorRunner.EmptyCompilation());
        var before = driver.GetRunResult().Results[0];
        Assert.That(GeneratorRunner.SourceText(before, "Queue.g.cs"), Does.Contain("ListTaskGroupItemsAsync"));
        var page = texts["/refs/schemas/queue/v1/list-task-group-response.json"];
        string text = page.GetText()!.ToString();
        string edited = text.Replace("\"properties\": {", "\"properties\": {\n    \"notes\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},");
        Assert.That(edited, Is.Not.EqualTo(text), "the edit must change the text");
        driver = driver.ReplaceAdditionalText(page, new InMemoryAdditionalText(page.Path, edited));

        var result = driver.RunGenerators(GeneratorRunner.EmptyCompilation()).GetRunResult().Results[0];

        Assert.That(Rebuilt(result, TrackingNames.Sources), Is.EqualTo(new[] { "Queue.g.cs" }));
        string queue = GeneratorRunner.SourceText(result, "Queue.g.cs");
        Assert.That(queue, Does.Contain("ListTaskGroupPagesAsync").And.Not.Contain("ListTaskGroupItemsAsync"));
        Assert.That(queue, Does.Contain("ListArtifactsItemsAsync"), "other paged entries keep their items form");
    }

    [Test]
    public void Editing_a_reference_leaves_every_model_cached()
    {
        var (driver, texts) = FirstRunWithSchemas();
        var apis = texts["/refs/apis.json"];
        string edited = ReferenceFiles.ApisJson.Replace("\"title\": \"Authentication API\"", "\"title\": \"Authentication API, edited\"");
        driver = driver.ReplaceAdditionalText(apis, new InMemoryAdditionalText(apis.Path, edited));

        var result = driver.RunGenerators(GeneratorRunner.EmptyCompilation()).GetRunResult().Results[0];

        Assert.That(Rebuilt(result, TrackingNames.ModelSources), Is.Empty);
        Assert.That(Outputs(result, TrackingNames.ModelBuilds).Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)), Is.Empty);
    }

    [Test]
    public void Editing_a_schema_another_service_refers_to_rebuilds_that_service_but_re_emits_it_only_if_it_changed()
    {
        const string task = "{\"title\": \"A task\", \"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}";
        var queueTask = new InMemoryAdditionalText("/s/queue/v1/task.json", task);
        var hook = new InMemoryAdditionalText("/s/hooks/v1/hook.json", "{\"type\": \"object\", \"properties\": {\"task\": {\"$ref\": \"/schemas/queue/v1/task.json#\"}}}");
        var other = new InMemoryAdditionalText("/s/secrets/v1/secret.json", "{\"type\": \"object\", \"properties\": {\"b\": {\"type\": \"string\"}}}");
        var metadata = new[] { queueTask, hook, other }.ToDictionary(t => t.Path, _ => new Dictionary<string, string> { ["TaskclusterSchema"] = "true" });
        GeneratorDriver driver = GeneratorRunner.CreateDriver(ImmutableArray.Create<AdditionalText>(queueTask, hook, other), new TestOptionsProvider(metadata));
        driver = driver.RunGenerators(GeneratorRunner.EmptyCompilation());
        // A new property changes the queue's model but not how hooks refers to it (a property's docs would: a $ref
        // property without docs of its own shows its target's).
        driver = driver.ReplaceAdditionalText(queueTask, new InMemoryAdditionalText(queueTask.Path, task.Replace("\"a\": {", "\"b\": {\"type\": \"integer\"}, \"a\": {")));

        var result = driver.RunGenerators(GeneratorRunner.EmptyCompilation()).GetRunResult().Results[0];

        // Queue's build gives new models; hooks' runs again (its input holds the queue's files) and gives the same;
        // secrets' does not run at all.
        var builds = Outputs(result, TrackingNames.ModelBuilds).Select(o => o.Reason).OrderBy(r => r).ToList();
        Assert.That(builds, Is.EquivalentTo(new[] { IncrementalStepRunReason.Modified, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached }));
        Assert.That(Rebuilt(result, TrackingNames.ModelSources), Is.EqualTo(new[] { "Taskcluster.Models.Queue.g.cs" }), "hooks' models came out the same");
    }
}
