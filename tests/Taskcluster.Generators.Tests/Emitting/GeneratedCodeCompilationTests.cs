using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NUnit.Framework;
using Taskcluster.Generators.Emitting;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Parsing;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Emitting;

public sealed class GeneratedCodeCompilationTests
{
    /// <summary>
    /// The emitted clients, renamed so they do not clash with the same clients already compiled into the runtime
    /// assembly we compile against (that clash would be CS0436 and hide what we want to see).
    /// </summary>
    private static string[] EmitRenamed(string json)
    {
        var result = ReferenceParser.Parse(new ReferenceFile("/refs/apis.json", json, null), CancellationToken.None);
        return result.Services.Select(s => ClientEmitter.Emit(TypedService.Untyped(s with { ClassName = "Checked" + s.ClassName })).Text).ToArray();
    }

    [Test]
    public void The_builtin_clients_compile_without_any_warning()
    {
        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: true, EmitRenamed(ReferenceFiles.ApisJson));

        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics));
    }

    /// <summary>TaskCluster v106's api and exchanges references, each emitted as a renamed client.</summary>
    private static Dictionary<string, string> EmitToday()
    {
        string path = System.IO.Path.Combine(AppContext.BaseDirectory, "References", "references-v106.json");
        using var document = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(path));
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in document.RootElement.EnumerateArray())
        {
            string name = file.GetProperty("filename").GetString()!;
            var result = ReferenceParser.Parse(new ReferenceFile("/refs/" + name, file.GetProperty("content").GetRawText(), null), CancellationToken.None);
            Assert.That(result.Diagnostics, Is.Empty, name);
            foreach (var service in result.Services) sources[service.ClassName] = ClientEmitter.Emit(TypedService.Untyped(service with { ClassName = "Checked" + service.ClassName })).Text;
        }
        return sources;
    }

    [Test]
    public void Todays_references_for_every_service_compile_without_any_warning()
    {
        var sources = EmitToday();

        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: true, sources.Values.ToArray());

        Assert.That(sources.Keys, Is.SupersetOf(new[] { "Queue", "QueueEvents", "WorkerManager", "WorkerManagerEvents", "PurgeCache", "Secrets", "Object" }));
        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics));
    }

    [Test]
    public void A_client_of_todays_format_is_addressed_by_root_url_and_gets_query_paging_and_stability()
    {
        string queue = EmitToday()["Queue"];

        Assert.That(queue, Does.Contain(": base(ServiceName, ApiVersion, s_entries, options)"));
        Assert.That(queue, Does.Contain("ListTaskGroupPagesAsync(string taskGroupId, int? limit = null, global::System.Threading.CancellationToken cancellationToken = default)"));
        Assert.That(queue, Does.Contain("ListTaskGroupAsync(string taskGroupId, string? continuationToken = null, int? limit = null, global::System.Threading.CancellationToken cancellationToken = default)"));
        Assert.That(queue, Does.Contain("TasksPagesAsync(object payload, int? limit = null,"));
        Assert.That(queue, Does.Contain("[global::System.Obsolete(\"Deprecated by TaskCluster:"));
        Assert.That(queue, Does.Contain("global::Taskcluster.ScopeExpression.ForEach(\"taskId\", \"taskIds\", \"queue:get-task:<taskId>\")"));
        Assert.That(queue, Does.Contain("Requires all of: "));
    }

    [Test]
    public void Reference_text_with_xml_markup_quotes_and_line_separators_still_compiles_cleanly()
    {
        string json = ReferenceFiles.Lines(
            "{ \"Odd\": { \"reference\": {",
            "  \"title\": \"<b>Tricky</b> & \\\"quoted\\\"\\u2028next\",",
            "  \"description\": \"line </remarks> one\\n\\n* \\u0001 & <para>\\r\\nthree\\u0085four */ end\",",
            "  \"baseUrl\": \"https://odd.example/v1\",",
            "  \"entries\": [ { \"type\": \"function\", \"name\": \"do\", \"method\": \"POST\", \"route\": \"/x/<class>/\\\"q\\\"\",",
            "    \"args\": [\"class\"], \"title\": \"T </summary>\", \"description\": \"\\u2029</param>\",",
            "    \"scopes\": [[\"a:<b>&c\\\\d\\\"e\"], []], \"input\": \"http://s/<in>.json#\", \"output\": \"http://s/&out.json#\" } ] } },",
            "  \"OddEvents\": { \"reference\": { \"exchangePrefix\": \"odd/\\\"v1\\\"/\", \"title\": \"E & <x>\",",
            "  \"entries\": [ { \"type\": \"topic-exchange\", \"name\": \"happened\", \"exchange\": \"hap\\\\pened\", \"title\": \"\",",
            "    \"routingKey\": [ { \"name\": \"event\", \"summary\": \"<kind> & \\\"quote\\\"\\n</param>\", \"maxSize\": 3 },",
            "      { \"name\": \"fixed\", \"summary\": \"\", \"constant\": \"c&<\\\"\" } ] } ] } } }");

        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: true, EmitRenamed(json));

        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics));
    }

    [Test]
    public void The_compile_check_does_catch_a_missing_doc_comment()
    {
        // Guards the two tests above: documentation diagnostics are really on in this harness.
        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: false,
            "/// <summary>Documented.</summary>\npublic static class Documented { public static void Undocumented() { } }");

        Assert.That(diagnostics.Select(d => d.Id), Does.Contain("CS1591"));
    }
}
