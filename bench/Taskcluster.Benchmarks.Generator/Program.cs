// Generator timing: every builtin reference and schema through the real generator driver, without step tracking (as
// the compiler runs it). Prints milliseconds: the first run in the process (JIT included), the median of fresh full
// runs, of unchanged re-runs, and of re-runs after one schema was edited. Targets: full < 1000 ms, edit < 100 ms.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Taskcluster.Generators;

const int Rounds = 15;
string root = FindRepositoryRoot();
var texts = new List<AdditionalText> { new FileText(Path.Combine(root, "references", "apis.json")) };
var schemas = Directory.GetFiles(Path.Combine(root, "references", "schemas"), "*.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal);
foreach (string path in schemas) texts.Add(new FileText(path));
var options = new SchemaOptions(texts.Skip(1).Select(t => t.Path));
var compilation = CSharpCompilation.Create("GeneratorBenchmark", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
var run = texts.Single(t => t.Path.EndsWith(Path.Combine("queue", "v1", "task-run.json"), StringComparison.Ordinal));
var edited = new EditedText(run.Path, run.GetText()!.ToString().Replace("\"Task Run\"", "\"Task Run, edited\""));

GeneratorDriver Fresh() => CSharpGeneratorDriver.Create(
    new[] { new ReferenceGenerator().AsSourceGenerator() }, texts.ToImmutableArray(), CSharpParseOptions.Default, options,
    new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

var watch = Stopwatch.StartNew();
var first = Fresh().RunGenerators(compilation).GetRunResult();
double cold = watch.Elapsed.TotalMilliseconds;
if (first.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) throw new InvalidOperationException("the builtin files gave errors");

var full = new List<double>();
var unchanged = new List<double>();
var edit = new List<double>();
for (int i = 0; i < Rounds; i++)
{
    watch.Restart();
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

var sources = first.Results[0].GeneratedSources;
Console.WriteLine($"generator.sources {sources.Length} ({sources.Count(s => s.HintName.StartsWith("Taskcluster.Models.", StringComparison.Ordinal))} of models, {texts.Count - 1} schema files)");
Console.WriteLine($"generator.first_run_in_process_ms {cold:F0}");
Console.WriteLine($"generator.full_ms {Median(full):F1}");
Console.WriteLine($"generator.unchanged_ms {Median(unchanged):F2}");
Console.WriteLine($"generator.edit_one_schema_ms {Median(edit):F1}");

static double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Taskcluster.Client.slnx"))) return directory.FullName;
    }
    throw new InvalidOperationException("Run from inside the repository.");
}

sealed class FileText(string path) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(File.ReadAllText(path));
    public override string Path { get; } = path;
    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

sealed class EditedText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);
    public override string Path { get; } = path;
    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>The item metadata MSBuild passes for the schema files (TaskclusterSchema="true"), as Taskcluster.Client sets it.</summary>
sealed class SchemaOptions(IEnumerable<string> schemaPaths) : AnalyzerConfigOptionsProvider
{
    private static readonly Options s_none = new(new Dictionary<string, string>());
    private static readonly Options s_schema = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.TaskclusterSchema"] = "true" });
    private readonly HashSet<string> _schemas = new(schemaPaths, StringComparer.Ordinal);
    public override AnalyzerConfigOptions GlobalOptions => s_none;
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_none;
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _schemas.Contains(textFile.Path) ? s_schema : s_none;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
