using System.IO;
using NUnit.Framework;

namespace Taskcluster.Local.Tests;

/// <summary>
/// Programs built alongside this test project (build-order-only project references): their output sits beside ours,
/// tests/Taskcluster.Local.Tests/bin/&lt;Configuration&gt;/&lt;framework&gt; ↔ &lt;folder&gt;/&lt;project&gt;/bin/&lt;Configuration&gt;/&lt;framework&gt;.
/// </summary>
internal static class BuiltProjects
{
    /// <summary>The repository's root directory, five levels above the test output.</summary>
    public static string RepositoryRoot
        => new DirectoryInfo(TestContext.CurrentContext.TestDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string Path(string folder, string project, string file)
    {
        var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        string path = System.IO.Path.Combine(RepositoryRoot, folder, project, "bin", testDirectory.Parent!.Name, testDirectory.Name, file);
        Assert.That(File.Exists(path), Is.True, $"{project} should have been built at {path}");
        return path;
    }
}
