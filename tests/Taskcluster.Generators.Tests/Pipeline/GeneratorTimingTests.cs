using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Pipeline;

/// <summary>
/// How long the generator takes on everything builtin (today's references and their schemas), from scratch and after
/// editing one schema. A report, not an assertion: timings on a shared machine vary too much to fail a build on.
/// </summary>
public sealed class GeneratorTimingTests
{
    private const int Rounds = 7;

    [Test]
    public void Report_generator_time_for_the_builtin_references_and_schemas()
    {
        var texts = new List<AdditionalText> { new InMemoryAdditionalText("/refs/apis.json", ReferenceFiles.BuiltinApisJson) };
        var metadata = new Dictionary<string, Dictionary<string, string>>();
        foreach (var schema in SchemaFiles.Builtin())
        {
            texts.Add(new InMemoryAdditionalText(schema.Path, schema.Text));
            metadata[schema.Path] = schema.Metadata!;
        }
        var options = new TestOptionsProvider(metadata);
        var compilation = GeneratorRunner.EmptyCompilation();
        var run = texts.Single(t => t.Path.EndsWith("/queue/v1/task-run.json", StringComparison.Ordinal));
        var edited = new InMemoryAdditionalText(run.Path, run.GetText()!.ToString().Replace("\"title\": \"Task Run\"", "\"title\": \"Task Run, edited\""));

        // Without step tracking, as the compiler runs it.
        GeneratorDriver Fresh() => CSharpGeneratorDriver.Create(
            new[] { new ReferenceGenerator().AsSourceGenerator() }, texts.ToImmutableArray(), CSharpParseOptions.Default, options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

        var coldWatch = Stopwatch.StartNew();
        var warmed = Fresh().RunGenerators(compilation);
        double cold = coldWatch.Elapsed.TotalMilliseconds;
        var outputs = warmed.GetRunResult().Results[0].GeneratedSources;

        var full = new List<double>();
        var edit = new List<double>();
        var unchanged = new List<double>();
        for (int i = 0; i < Rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            var driver = Fresh().RunGenerators(compilation);
            full.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            driver = driver.RunGenerators(compilation);
            unchanged.Add(watch.Elapsed.TotalMilliseconds);

            driver = driver.ReplaceAdditionalText(run, edited);
            watch.Restart();
            driver.RunGenerators(compilation);
            edit.Add(watch.Elapsed.TotalMilliseconds);
        }

        int models = outputs.Count(s => s.HintName.StartsWith("Taskcluster.Models.", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"generator.sources {outputs.Length} ({models} of models, {texts.Count - 1} schema files)");
        TestContext.Out.WriteLine($"generator.first_run_in_process_ms {cold:F0} (includes JIT)");
        TestContext.Out.WriteLine($"generator.full_ms {Median(full):F1} (median of {Rounds} fresh drivers)");
        TestContext.Out.WriteLine($"generator.unchanged_ms {Median(unchanged):F1}");
        TestContext.Out.WriteLine($"generator.edit_one_schema_ms {Median(edit):F1}");
        Assert.That(models, Is.EqualTo(10));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
