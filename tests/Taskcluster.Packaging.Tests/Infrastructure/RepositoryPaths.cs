namespace Taskcluster.Packaging.Tests.Infrastructure;

/// <summary>Where the projects under test live in the checkout these tests were built from.</summary>
internal static class RepositoryPaths
{
    private const string SolutionFile = "Taskcluster.Client.slnx";

    /// <summary>The repository root: the nearest folder above the test binaries that holds the solution file.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The packable runtime project.</summary>
    public static string ClientProject => Path.Combine(Root, "src", "Taskcluster.Client", "Taskcluster.Client.csproj");

    public static string DependencyInjectionProject => Path.Combine(
        Root, "src", "Taskcluster.Client.Extensions.DependencyInjection", "Taskcluster.Client.Extensions.DependencyInjection.csproj");

    /// <summary>The consumer project the tests copy, build and run.</summary>
    public static string ConsumerProjectDirectory => Path.Combine(Root, "tests", "PackageConsumer");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile))) return directory.FullName;
        }
        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
