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
        TrackingNames.ServicesWithDuplicates, TrackingNames.Sources,
    };

    private const string FlawedReference =
        "{\"baseUrl\": \"https://x.example/v1\", \"entries\": [{\"type\": \"function\", \"name\": \"noRoute\", \"method\": \"get\", \"args\": []}]}";

    /// <summary>The builtin references, a file that is not a reference, and one reference with a warning.</summary>
    private static (GeneratorDriver Driver, AdditionalText Apis, AdditionalText Other) FirstRun()
    {
        var apis = new InMemoryAdditionalText("/refs/apis.json", ReferenceFiles.ApisJson);
        var other = new InMemoryAdditionalText("/refs/notes.txt", "not a reference");
        var flawed = new InMemoryAdditionalText("/refs/flawed.json", FlawedReference);
        var metadata = new Dictionary<string, Dictionary<string, string>> { [flawed.Path] = new() { ["TaskclusterReference"] = "true" } };
        GeneratorDriver driver = GeneratorRunner.CreateDriver(ImmutableArray.Create<AdditionalText>(apis, other, flawed), new TestOptionsProvider(metadata));
        driver = driver.RunGenerators(GeneratorRunner.EmptyCompilation());
        return (driver, apis, other);
    }

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason, object? Value)> Outputs(GeneratorRunResult result, string step)
        => result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(run => run.Outputs.Select(o => (step, o.Reason, (object?)o.Value)))
            : Enumerable.Empty<(string, IncrementalStepRunReason, object?)>();

    [Test]
    public void Every_named_step_runs_on_the_first_pass()
    {
        var (driver, _, _) = FirstRun();

        var tracked = driver.GetRunResult().Results[0].TrackedSteps.Keys;

        Assert.That(tracked, Is.SupersetOf(s_steps));
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
}
