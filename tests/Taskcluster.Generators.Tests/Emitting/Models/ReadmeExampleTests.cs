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
    {
        string readme = File.ReadAllText(FindReadme());
        int section = readme.IndexOf("## Typed models", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThan(0), "the README has a Typed models section");
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var lines = readme.Substring(start, end - start).Split('\n');
        string usings = string.Join("\n", lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal)));
        string body = string.Join("\n", lines.Where(l => !l.StartsWith("using ", StringComparison.Ordinal)));
        string source = "using System;\nusing Taskcluster;\n" + usings + "\n"
            + "/// <summary>The example.</summary>\npublic static class Example\n{\n"
            + "    /// <summary>Runs it.</summary>\n    /// <param name=\"queue\">A queue.</param>\n    /// <param name=\"taskId\">A task.</param>\n    /// <returns>When done.</returns>\n"
            + "    public static async System.Threading.Tasks.Task RunAsync(Queue queue, string taskId)\n    {\n" + body + "\n    }\n}\n";

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
