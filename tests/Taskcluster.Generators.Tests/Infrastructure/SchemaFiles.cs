using System.IO;
using System.Threading;
using Taskcluster.Generators.Model.Schemas;
using Taskcluster.Generators.Parsing.Schemas;

namespace Taskcluster.Generators.Tests.Infrastructure;

/// <summary>The builtin JSON schemas (references/schemas), and shortcuts to run schemas through the model builder.</summary>
internal static class SchemaFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "References", "schemas");

    /// <summary>Every builtin schema as an AdditionalFile marked <c>TaskclusterSchema="true"</c>, sorted by path.</summary>
    public static TestFile[] Builtin()
        => Directory.GetFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(path => Schema("/refs/schemas/" + Path.GetRelativePath(Root, path).Replace('\\', '/'), File.ReadAllText(path)))
            .OrderBy(file => file.Path, StringComparer.Ordinal)
            .ToArray();

    /// <summary>A schema file marked <c>TaskclusterSchema="true"</c>.</summary>
    public static TestFile Schema(string path, string text, string? ns = null)
    {
        var metadata = new Dictionary<string, string> { ["TaskclusterSchema"] = "true" };
        if (ns is not null) metadata["Namespace"] = ns;
        return new TestFile(path, text, metadata);
    }

    /// <summary>
    /// Reads, groups and builds schemas without the compiler (path → JSON), returning the models of every namespace
    /// and every diagnostic id.
    /// </summary>
    public static (Dictionary<string, ServiceTypes> Models, List<Model.DiagnosticInfo> Diagnostics) Build(params (string Path, string Json)[] files)
    {
        var diagnostics = new List<Model.DiagnosticInfo>();
        var documents = new List<SchemaDocument>();
        foreach (var (path, json) in files)
        {
            var read = SchemaReader.Read(new SchemaFile(path, json, null, null), CancellationToken.None);
            diagnostics.AddRange(read.Diagnostics);
            if (read.Document is not null) documents.Add(read.Document);
        }
        var groups = ModelBuilder.Group(documents);
        diagnostics.AddRange(groups.Diagnostics);
        var models = new Dictionary<string, ServiceTypes>(StringComparer.Ordinal);
        foreach (var set in groups.Sets)
        {
            var built = ModelBuilder.Build(set, CancellationToken.None);
            diagnostics.AddRange(built.Diagnostics);
            if (built.Types is not null) models[set.Namespace] = built.Types;
        }
        return (models, diagnostics);
    }

    /// <summary>One type of a build by name, or a failed assertion listing the names there are.</summary>
    public static TypeModel Type(ServiceTypes service, string name)
        => service.Types.FirstOrDefault(t => t.Name == name)
            ?? throw new NUnit.Framework.AssertionException($"No type {name} in {service.Namespace}; there are: {string.Join(", ", service.Types.Select(t => t.Name))}");
}
