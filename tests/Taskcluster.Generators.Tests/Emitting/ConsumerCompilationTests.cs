using Microsoft.CodeAnalysis;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Emitting;

/// <summary>How the generated clients (as compiled into the runtime) read from a user's code.</summary>
public sealed class ConsumerCompilationTests
{
    /// <summary>What the SDK adds to a new console project with ImplicitUsings enabled.</summary>
    private const string ConsoleImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static IReadOnlyList<Diagnostic> CompileProgram(string program)
        => InMemoryCompiler.Compile(OutputKind.ConsoleApplication, referenceRuntime: true, ConsoleImplicitUsings, program);

    [Test]
    public void A_console_project_uses_Index_through_an_alias()
    {
        var diagnostics = CompileProgram("""
            using Taskcluster;
            using Index = Taskcluster.Index;

            var index = new Index();
            Taskcluster.Models.Index.IndexedTaskResponse found = await index.FindTaskAsync("a.b");
            string url = index.FindTaskUrl("a.b");
            Console.WriteLine(found.TaskId + url + new Queue().TaskUrl("t"));
            """);

        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics));
    }

    [Test]
    public void The_object_service_client_leaves_System_Object_unambiguous()
    {
        // The client is ObjectService, not Object: 'using Taskcluster;' must not break Object.ReferenceEquals.
        var diagnostics = CompileProgram("""
            using Taskcluster;

            var objects = new ObjectService();
            object boxed = objects.StartDownloadUrl("name/x");
            Console.WriteLine(boxed.ToString() + Object.ReferenceEquals(boxed, null));
            """);

        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics));
    }

    [Test]
    public void Without_the_alias_Index_is_ambiguous_with_System_Index()
    {
        var diagnostics = CompileProgram("""
            using Taskcluster;

            var index = new Index();
            Console.WriteLine(index.FindTaskUrl("a.b"));
            """);

        Assert.That(diagnostics.Select(d => d.Id), Does.Contain("CS0104"));
    }

    [TestCase("events.TaskCompleted(taskId: \"abc\")")]
    [TestCase("events.TaskCompleted()")]
    [TestCase("events.TaskCompleted(\"abc\")")]
    [TestCase("events.TaskCompleted(RoutingPattern.Raw(\"route.x\"))")]
    [TestCase("events.TaskCompleted(\"abc\", reserved: \"x.y\")")]
    public void Exchange_binding_call_forms_compile(string call)
    {
        var diagnostics = CompileProgram($$"""
            using Taskcluster;

            var events = new QueueEvents();
            Binding binding = {{call}};
            Console.WriteLine(binding);
            """);

        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics));
    }

    [Test]
    public void A_misspelled_routing_key_name_does_not_compile()
    {
        var diagnostics = CompileProgram("""
            using Taskcluster;

            Console.WriteLine(new QueueEvents().TaskCompleted(taskid: "abc"));
            """);

        Assert.That(diagnostics.Select(d => d.Id), Does.Contain("CS1739"));
    }

    [Test]
    public void A_constant_routing_key_element_has_no_parameter()
    {
        var diagnostics = CompileProgram("""
            using Taskcluster;

            Console.WriteLine(new QueueEvents().TaskCompleted(routingKeyKind: "primary"));
            """);

        Assert.That(diagnostics.Select(d => d.Id), Does.Contain("CS1739"));
    }
}
