using System;
using System.IO;
using System.Runtime.CompilerServices;
using NUnit.Framework;
using PublicApiGenerator;

namespace Taskcluster.Client.Tests.PublicApi;

/// <summary>
/// The public API of the Taskcluster.Client package (the runtime, every generated client, interface and model) compared
/// with a checked-in text file, so that a rename or retype made by a reference, a schema or the generator shows up in
/// review as a diff. After an intended change, run with <c>TC_UPDATE_PUBLIC_API=1</c> and review the file's diff.
/// </summary>
public sealed class PublicApiTests
{
    private const string FileName = "Taskcluster.Client.api.txt";

    [Test]
    public void The_public_api_matches_the_checked_in_baseline()
    {
        string actual = typeof(ApiClient).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
        }).Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable("TC_UPDATE_PUBLIC_API") == "1") File.WriteAllText(SourceFile(), actual);

        string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PublicApi", FileName)).Replace("\r\n", "\n");
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        for (int i = 0; i < Math.Min(expectedLines.Length, actualLines.Length); i++)
        {
            Assert.That(actualLines[i], Is.EqualTo(expectedLines[i]),
                $"{FileName} line {i + 1} differs: the public API changed. If intended, run with TC_UPDATE_PUBLIC_API=1 and review the diff.");
        }
        Assert.That(actualLines.Length, Is.EqualTo(expectedLines.Length), $"{FileName}: the public API gained or lost lines.");
    }

    private static string SourceFile([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, FileName);
}
