using System.IO;
using Microsoft.CodeAnalysis;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Emitting.Models;

/// <summary>The README's "Typed models" example compiles against the runtime, so it cannot drift from the models.</summary>
public sealed class ReadmeExampleTests
{
    [Test]
    public void The_typed_models_example_in_the_readme_compiles()
        => AssertCompiles("## Typed models", "Queue queue, string taskId");

    [Test]
    public void The_typed_messages_example_in_the_readme_compiles()
        => AssertCompiles("### Typed messages", "Listener listener, QueueEvents queueEvents, string myTaskId");

    /// <summary>The first C# block after <paramref name="heading"/>, as the body of a method taking <paramref name="parameters"/>.</summary>
    private static void AssertCompiles(string heading, string parameters)
    {
        string readme = File.ReadAllText(FindReadme());
        int section = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThan(0), "the README has a section " + heading);
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var lines = readme.Substring(start, end - start).Split('\n');
        string usings = string.Join("\n", lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal)));
        string body = string.Join("\n", lines.Where(l => !l.StartsWith("using ", StringComparison.Ordinal)));
        string source = "using System;\nusing Taskcluster;\n" + usings + "\n"
            + "/// <summary>The example.</summary>\npublic static class Example\n{\n"
            + "    /// <summary>Runs it.</summary>\n    /// <returns>When done.</returns>\n"
            + "#pragma warning disable CS1573 // the parameters are the example's free variables\n"
            + "    public static async System.Threading.Tasks.Task RunAsync(" + parameters + ")\n    {\n" + body + "\n    }\n}\n";

        var diagnostics = InMemoryCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, referenceRuntime: true, source);

        Assert.That(diagnostics, Is.Empty, InMemoryCompiler.Describe(diagnostics) + "\n" + source);
    }

    private static string FindReadme()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(candidate) && Directory.Exists(Path.Combine(directory.FullName, "references"))) return candidate;
        }
        throw new FileNotFoundException("README.md above " + AppContext.BaseDirectory);
    }
}
