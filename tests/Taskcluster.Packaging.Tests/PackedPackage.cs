using System.Globalization;
using System.Security;
using Taskcluster.Packaging.Tests.Infrastructure;

namespace Taskcluster.Packaging.Tests;

/// <summary>
/// Packs src/Taskcluster.Client once for every test in this assembly, into a temporary folder feed, with a version no
/// NuGet cache can already hold. Everything it writes (build outputs, feed, consumers, their packages) stays under
/// one temporary folder that is deleted at the end.
/// </summary>
[SetUpFixture]
public sealed class PackedPackage
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    private static string? s_root;
    private static string? s_packagePath;
    private static string? s_dependencyInjectionPackagePath;

    /// <summary>The unique prerelease version the package was packed with.</summary>
    public static string Version { get; } =
        "0.0.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    /// <summary>The packed .nupkg.</summary>
    public static string PackagePath => s_packagePath ?? throw new InvalidOperationException("The package was not packed.");

    /// <summary>The packed Taskcluster.Client.Extensions.DependencyInjection .nupkg.</summary>
    public static string DependencyInjectionPackagePath
        => s_dependencyInjectionPackagePath ?? throw new InvalidOperationException("The DI package was not packed.");

    private static string Root => s_root ?? throw new InvalidOperationException("The temporary folder was not created.");

    private static string FeedDirectory => Path.Combine(Root, "feed");

    private static string PackagesDirectory => Path.Combine(Root, "packages");

    [OneTimeSetUp]
    public async Task PackAsync()
    {
        s_root = Directory.CreateTempSubdirectory("taskcluster-packaging-").FullName;
        // --artifacts-path keeps this pack's obj/bin away from the repository's, so a build of the solution running
        // at the same time never sees a half-written or differently versioned Taskcluster.Client.dll.
        var pack = await DotnetCli.RunAsync(
            RepositoryPaths.Root, PackTimeout,
            "pack", RepositoryPaths.ClientProject,
            "--artifacts-path", Path.Combine(Root, "artifacts"),
            "-o", FeedDirectory,
            "-p:Version=" + Version,
            "-maxCpuCount:1").ConfigureAwait(false);
        Assert.That(pack.Succeeded, Is.True, pack.Describe());

        s_packagePath = Path.Combine(FeedDirectory, $"Taskcluster.Client.{Version}.nupkg");
        Assert.That(File.Exists(s_packagePath), Is.True, $"No {s_packagePath} after packing. " + pack.Describe());

        // The DI package, same version, into the same feed: it depends on exactly this Taskcluster.Client.
        var packExtensions = await DotnetCli.RunAsync(
            RepositoryPaths.Root, PackTimeout,
            "pack", RepositoryPaths.DependencyInjectionProject,
            "--artifacts-path", Path.Combine(Root, "artifacts-di"),
            "-o", FeedDirectory,
            "-p:Version=" + Version,
            "-maxCpuCount:1").ConfigureAwait(false);
        Assert.That(packExtensions.Succeeded, Is.True, packExtensions.Describe());
        s_dependencyInjectionPackagePath = Path.Combine(FeedDirectory, $"Taskcluster.Client.Extensions.DependencyInjection.{Version}.nupkg");
        Assert.That(File.Exists(s_dependencyInjectionPackagePath), Is.True, packExtensions.Describe());
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder()
    {
        if (s_root is not null && Directory.Exists(s_root)) Directory.Delete(s_root, recursive: true);
    }

    /// <summary>
    /// A fresh copy of tests/PackageConsumer (without build outputs) under <paramref name="name"/>, with a NuGet.config
    /// that adds the folder feed to the machine's own sources.
    /// </summary>
    internal static string CopyConsumer(string name)
    {
        string target = Path.Combine(Root, name);
        CopyDirectory(RepositoryPaths.ConsumerProjectDirectory, target);
        WriteNuGetConfig(target);
        return target;
    }

    /// <summary>Writes a NuGet.config that adds the folder feed to the machine's own sources.</summary>
    internal static void WriteNuGetConfig(string directory) =>
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), NuGetConfig());

    /// <summary>Builds a consumer copy against the packed version, restoring into the temporary packages folder.</summary>
    internal static Task<CommandResult> BuildConsumerAsync(string consumerDirectory) =>
        DotnetCli.RunAsync(
            consumerDirectory, BuildTimeout,
            "build", Path.Combine(consumerDirectory, "PackageConsumer.csproj"),
            "-p:TaskclusterClientVersion=" + Version,
            "--packages", PackagesDirectory);

    /// <summary>Runs a built consumer copy.</summary>
    internal static Task<CommandResult> RunConsumerAsync(string consumerDirectory) =>
        DotnetCli.RunAsync(
            consumerDirectory, BuildTimeout,
            "run", "--no-build", "--project", Path.Combine(consumerDirectory, "PackageConsumer.csproj"));

    private static string NuGetConfig()
    {
        // No <clear/>: the machine's configured sources stay, as they would for a user adding a local feed.
        // The machine's package folder is a read-only fallback so RabbitMQ.Client & co. need no download;
        // the freshly packed package itself is extracted only into the temporary packages folder.
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string fallback = Directory.Exists(machinePackages)
            ? $"""
                <fallbackPackageFolders>
                  <add key="machine-packages" value="{SecurityElement.Escape(machinePackages)}" />
                </fallbackPackageFolders>
              """
            : "";
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="taskcluster-test-feed" value="{SecurityElement.Escape(FeedDirectory)}" />
              </packageSources>
            {fallback}
            </configuration>
            """;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        foreach (string directory in Directory.GetDirectories(source))
        {
            string name = Path.GetFileName(directory);
            // Outputs of someone building the consumer in place are not part of the project.
            if (name is "bin" or "obj") continue;
            CopyDirectory(directory, Path.Combine(target, name));
        }
    }
}
