using System.Collections.Generic;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Taskcluster.Generators.Tests.Infrastructure;

/// <summary>
/// Compiles C# the way a strict consumer project would: nullable on, every warning wave, XML documentation checked.
/// </summary>
internal static class InMemoryCompiler
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    // The .NET SDK passes /nowarn:1701,1702 to every build: the runtime targets net8.0 and these only say that its
    // System.Runtime 8.0 reference unifies with 10.0. Anything else stays on.
    private static readonly Dictionary<string, ReportDiagnostic> s_sdkDefaultNoWarn = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    public static IReadOnlyList<Diagnostic> Compile(
        OutputKind kind, bool referenceRuntime, params string[] sources)
    {
        var references = new List<MetadataReference>(Net100.References.All);
        if (referenceRuntime) references.Add(MetadataReference.CreateFromFile(typeof(global::Taskcluster.ApiClient).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            "Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            references,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999)
                .WithSpecificDiagnosticOptions(s_sdkDefaultNoWarn));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error)
            .ToList();
    }

    /// <summary>
    /// Compiles <paramref name="sources"/> against the runtime into a library and loads it into a collectible context,
    /// so a test can run generated code. The runtime itself comes from the test's own context (the load context
    /// defers to it), so the loaded code and the test share one Taskcluster.Client.
    /// </summary>
    public static System.Reflection.Assembly Load(params string[] sources)
    {
        var references = new List<MetadataReference>(Net100.References.All)
        {
            MetadataReference.CreateFromFile(typeof(global::Taskcluster.ApiClient).Assembly.Location),
        };
        var compilation = CSharpCompilation.Create(
            "Loaded" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999)
                .WithSpecificDiagnosticOptions(s_sdkDefaultNoWarn));
        using var image = new System.IO.MemoryStream();
        var emitted = compilation.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error).ToList();
        if (!emitted.Success || problems.Count > 0) throw new NUnit.Framework.AssertionException("The sources do not compile cleanly:\n" + Describe(problems));
        image.Position = 0;
        return new System.Runtime.Loader.AssemblyLoadContext(compilation.AssemblyName, isCollectible: true).LoadFromStream(image);
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(d => d.ToString()));
}
