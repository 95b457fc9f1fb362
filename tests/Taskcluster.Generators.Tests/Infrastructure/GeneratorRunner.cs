using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Taskcluster.Generators.Tests.Infrastructure;

/// <summary>One AdditionalFile for a generator run, with optional item metadata.</summary>
internal sealed record TestFile(string Path, string Text, Dictionary<string, string>? Metadata = null)
{
    /// <summary>A single-reference file marked with <c>TaskclusterReference="true"</c>.</summary>
    public static TestFile Reference(string path, string text, string? className = null)
    {
        var metadata = new Dictionary<string, string> { ["TaskclusterReference"] = "true" };
        if (className is not null) metadata["ClassName"] = className;
        return new TestFile(path, text, metadata);
    }
}

/// <summary>Runs <see cref="ReferenceGenerator"/> through the real driver, with step tracking on.</summary>
internal static class GeneratorRunner
{
    public static CSharpGeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, TestOptionsProvider options)
        => CSharpGeneratorDriver.Create(
            new[] { new ReferenceGenerator().AsSourceGenerator() },
            texts,
            CSharpParseOptions.Default,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation EmptyCompilation()
        => CSharpCompilation.Create("GeneratorHost", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    public static GeneratorDriverRunResult Run(params TestFile[] files)
    {
        var texts = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();
        var metadata = files.Where(f => f.Metadata is not null).ToDictionary(f => f.Path, f => f.Metadata!);
        var driver = CreateDriver(texts, new TestOptionsProvider(metadata));
        return driver.RunGenerators(EmptyCompilation()).GetRunResult();
    }

    public static TestFile BuiltinApis() => new("/refs/apis.json", ReferenceFiles.ApisJson);

    public static string Source(GeneratorDriverRunResult result, string hintName) => SourceText(result.Results[0], hintName);

    public static string SourceText(GeneratorRunResult result, string hintName)
        => result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}
