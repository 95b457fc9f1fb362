using System.IO;
using System.Runtime.CompilerServices;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Emitting;

/// <summary>
/// The generated clients compared line by line with committed files. Run with <c>TC_UPDATE_BASELINES=1</c> to
/// rewrite the files after an intended change, then review the diff.
/// </summary>
public sealed class BaselineTests
{
    /// <summary>Clients of the 2014 references, under Baselines/.</summary>
    private static readonly string[] s_clients = { "Auth", "Queue", "Scheduler", "Index", "QueueEvents", "SchedulerEvents" };

    /// <summary>Small clients of today's builtin references, under Baselines/Today/: query, paging, scope expressions, stability.</summary>
    private static readonly string[] s_todayClients = { "Secrets", "PurgeCache", "NotifyEvents" };

    private static bool Updating => Environment.GetEnvironmentVariable("TC_UPDATE_BASELINES") == "1";

    [TestCaseSource(nameof(s_clients))]
    public void Generated_client_matches_its_baseline(string className)
    {
        var result = GeneratorRunner.Run(GeneratorRunner.BuiltinApis());
        Compare(GeneratorRunner.Source(result, className + ".g.cs"), className, "");
    }

    [TestCaseSource(nameof(s_todayClients))]
    public void Generated_client_of_todays_references_matches_its_baseline(string className)
    {
        var result = GeneratorRunner.Run(new TestFile("/refs/apis.json", ReferenceFiles.BuiltinApisJson));
        Compare(GeneratorRunner.Source(result, className + ".g.cs"), className, "Today");
    }

    private static void Compare(string actual, string className, string folder)
    {
        if (Updating)
        {
            Directory.CreateDirectory(Path.Combine(SourceBaselineDirectory(), folder));
            File.WriteAllText(Path.Combine(SourceBaselineDirectory(), folder, className + ".g.cs"), actual);
        }

        string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Baselines", folder, className + ".g.cs"));
        string[] expectedLines = SplitLines(expected);
        string[] actualLines = SplitLines(actual);
        for (int i = 0; i < Math.Min(expectedLines.Length, actualLines.Length); i++)
        {
            Assert.That(actualLines[i], Is.EqualTo(expectedLines[i]),
                $"{className}.g.cs line {i + 1} differs from the baseline; if intended, run with TC_UPDATE_BASELINES=1.");
        }
        Assert.That(actualLines.Length, Is.EqualTo(expectedLines.Length), $"{className}.g.cs line count differs from the baseline.");
    }

    private static string[] SplitLines(string text) => text.Replace("\r\n", "\n").Split('\n');

    private static string SourceBaselineDirectory([CallerFilePath] string thisFile = "")
        => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile)!)!, "Baselines");
}
