using System.Text.Json;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;
using Taskcluster.Generators.Model.Schemas;
using Taskcluster.Generators.Parsing.Schemas;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Emitting.Models;

/// <summary>The models of TaskCluster v106's schemas: complete, named as promised, and clean to compile.</summary>
public sealed class BuiltinModelsTests
{
    private static readonly Lazy<GeneratorDriverRunResult> s_run = new(() => GeneratorRunner.Run(SchemaFiles.Builtin()));

    private static readonly Lazy<Dictionary<string, ServiceTypes>> s_models = new(() =>
        SchemaFiles.Build(SchemaFiles.Builtin().Select(f => (f.Path, f.Text)).ToArray()).Models);

    [Test]
    public void The_builtin_schemas_give_no_diagnostic_at_all()
    {
        Assert.That(s_run.Value.Diagnostics, Is.Empty, string.Join("\n", s_run.Value.Diagnostics));
        Assert.That(s_run.Value.Results[0].Exception, Is.Null);
    }

    [Test]
    public void Every_service_gets_one_source_of_models()
    {
        var hints = s_run.Value.Results[0].GeneratedSources.Select(s => s.HintName);

        Assert.That(hints, Is.EquivalentTo(new[]
        {
            "Taskcluster.Models.Auth.g.cs", "Taskcluster.Models.Github.g.cs", "Taskcluster.Models.Hooks.g.cs", "Taskcluster.Models.Index.g.cs",
            "Taskcluster.Models.Notify.g.cs", "Taskcluster.Models.Object.g.cs", "Taskcluster.Models.PurgeCache.g.cs", "Taskcluster.Models.Queue.g.cs",
            "Taskcluster.Models.Secrets.g.cs", "Taskcluster.Models.WorkerManager.g.cs",
        }));
        int count = s_models.Value.Values.Sum(s => s.Types.Count);
        TestContext.Out.WriteLine($"models.count {count} ({string.Join(", ", s_models.Value.Select(p => p.Key.Substring(19) + " " + p.Value.Types.Count))})");
    }

    /// <summary>
    /// Every input, output and message schema of the builtin references (today's format: ids relative to
    /// /schemas/&lt;serviceName&gt;/) has a type: a model, or a list of models for a root array. Two are left as JSON on
    /// purpose: hooks' trigger context is free-form, and its trigger response is an anyOf without a discriminator.
    /// </summary>
    [Test]
    public void Every_schema_the_builtin_references_use_gets_a_type()
    {
        var roots = s_models.Value.Values.SelectMany(s => s.Roots).ToDictionary(r => r.SchemaId, r => r.Type);
        using var apis = JsonDocument.Parse(ReferenceFiles.BuiltinApisJson);
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var service in apis.RootElement.EnumerateObject())
        {
            var reference = service.Value.GetProperty("reference");
            if (!reference.TryGetProperty("serviceName", out var serviceName)) continue;
            foreach (var entry in reference.GetProperty("entries").EnumerateArray())
            {
                foreach (string key in new[] { "input", "output", "schema" })
                {
                    if (entry.TryGetProperty(key, out var schema) && schema.ValueKind == JsonValueKind.String)
                    {
                        used.Add("/schemas/" + serviceName.GetString() + "/" + schema.GetString()!.TrimEnd('#'));
                    }
                }
            }
        }

        Assert.That(used.Where(id => !roots.ContainsKey(id)), Is.Empty, "every schema a reference names is a builtin schema file");
        var kinds = used.ToDictionary(id => id, id => roots[id].Kind is ValueKind.Array ? roots[id].Element!.Kind : roots[id].Kind);
        Assert.That(kinds.Where(p => p.Value != ValueKind.Model).Select(p => (p.Key, p.Value)), Is.EquivalentTo(new[]
        {
            ("/schemas/hooks/v1/trigger-hook.json", ValueKind.FreeObject),
            ("/schemas/hooks/v1/trigger-hook-response.json", ValueKind.Node),
        }));
        Assert.That(roots["/schemas/auth/v1/list-roles-response.json"].Element!.TypeName, Is.EqualTo("global::Taskcluster.Models.Auth.GetRoleResponse"));
        TestContext.Out.WriteLine($"schemas used by the references: {used.Count}");
    }

    [Test]
    public void The_models_of_every_service_compile_without_any_warning_including_missing_docs()
    {
        var sources = s_run.Value.Results[0].GeneratedSources.Select(s => Renamed(s.SourceText.ToString())).ToArray();

        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: true, sources);

        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics.Take(30)));
    }

    [Test]
    public void The_runtime_assembly_carries_the_builtin_models()
    {
        var types = typeof(global::Taskcluster.ApiClient).Assembly.GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith("Taskcluster.Models.", StringComparison.Ordinal) == true && !t.Name.EndsWith("JsonContext", StringComparison.Ordinal))
            .ToList();

        Assert.That(types, Has.Count.EqualTo(s_models.Value.Values.Sum(s => s.Types.Count)));
        Assert.That(types.Select(t => t.FullName), Does.Contain("Taskcluster.Models.Queue.TaskModel").And.Contain("Taskcluster.Models.Queue.TaskStatusRunsItem"));
    }

    /// <summary>
    /// The shadow list holds every public type of the implicitly imported namespaces of .NET 10: a test rather than a
    /// live lookup, so a new .NET that adds a type shows up here instead of silently renaming nothing. (The list was
    /// taken from the SDK's reference pack, which also has three facade-only names these reference assemblies lack:
    /// ApplicationIdentity, FileFormatException, UriIdnScope.)
    /// </summary>
    [Test]
    public void The_shadowed_names_cover_the_types_of_the_implicitly_imported_namespaces()
    {
        var compilation = CSharpCompilation.Create("Names", references: Net100.References.All);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string ns in new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" })
        {
            INamespaceSymbol symbol = compilation.GlobalNamespace;
            foreach (string part in ns.Split('.')) symbol = symbol.GetNamespaceMembers().Single(n => n.Name == part);
            foreach (var type in symbol.GetTypeMembers())
            {
                if (type.DeclaredAccessibility == Accessibility.Public) expected.Add(type.Name);
            }
        }

        Assert.That(DotNetTypeNames.ImplicitlyImported, Is.SupersetOf(expected));
        Assert.That(DotNetTypeNames.ImplicitlyImported.Except(expected), Is.EquivalentTo(new[] { "ApplicationIdentity", "FileFormatException", "UriIdnScope" }));
    }

    /// <summary>
    /// The models again, in other namespaces: the runtime we compile against already holds the originals, and the
    /// clash (CS0436) would hide what this test is looking for.
    /// </summary>
    internal static string Renamed(string source)
        => Regex.Replace(source, @"\bTaskcluster\.Models\.(?!ModelJson\b)", "Checked.Models.");
}
