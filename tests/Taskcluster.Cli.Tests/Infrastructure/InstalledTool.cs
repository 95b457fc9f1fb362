using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;

namespace Taskcluster.Cli.Tests;

/// <summary>
/// Packs tools/Taskcluster.Cli once per test run (a set-up fixture of the root namespace, so it runs before every test), with a version no NuGet cache can hold, into a temporary folder feed,
/// and installs it from there with <c>dotnet tool install --tool-path</c>: the tests run the installed
/// <c>taskcluster</c> command, exactly what a user gets. Everything lives under one temporary folder, deleted at the end.
/// </summary>
[SetUpFixture]
public sealed class InstalledTool
{
    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(3);

    private static string? s_root;
    private static string? s_executable;

    /// <summary>The unique prerelease version the tool was packed with.</summary>
    public static string Version { get; } = "0.0.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    /// <summary>The installed command.</summary>
    public static string Executable => s_executable ?? throw new InvalidOperationException("The tool was not installed.");

    /// <summary>A scratch folder under the run's temporary folder, for files the tests write.</summary>
    public static string Scratch => Directory.CreateDirectory(Path.Combine(s_root!, "scratch")).FullName;

    /// <summary>
    /// Names an already built <c>taskcluster</c> to test instead of packing and installing one, for example the
    /// NativeAOT executable: <c>TASKCLUSTER_CLI_UNDER_TEST=/path/to/taskcluster dotnet test tests/Taskcluster.Cli.Tests</c>.
    /// </summary>
    public const string ExecutableOverrideVariable = "TASKCLUSTER_CLI_UNDER_TEST";

    [OneTimeSetUp]
    public async Task PackAndInstallAsync()
    {
        s_root = Directory.CreateTempSubdirectory("taskcluster-cli-tests-").FullName;
        if (System.Environment.GetEnvironmentVariable(ExecutableOverrideVariable) is { Length: > 0 } given)
        {
            Assert.That(File.Exists(given), Is.True, $"{ExecutableOverrideVariable} names no file: {given}");
            s_executable = Path.GetFullPath(given);
            return;
        }
        string feed = Path.Combine(s_root, "feed");
        // --artifacts-path keeps this build's obj/bin out of the repository's, so a build of the solution running at
        // the same time never sees half-written outputs.
        var pack = await Dotnet(RepositoryRoot, s_packTimeout, isolatePackages: false,
            "pack", Path.Combine(RepositoryRoot, "tools", "Taskcluster.Cli", "Taskcluster.Cli.csproj"),
            "--artifacts-path", Path.Combine(s_root, "artifacts"), "-o", feed, "-p:Version=" + Version, "-maxCpuCount:1");
        Assert.That(pack.ExitCode, Is.Zero, "dotnet pack failed:\n" + pack.Output);
        Assert.That(File.Exists(Path.Combine(feed, $"taskcluster.{Version}.nupkg")), Is.True, pack.Output);

        string tools = Path.Combine(s_root, "tools");
        var install = await Dotnet(s_root, s_installTimeout, isolatePackages: true,
            "tool", "install", "taskcluster", "--tool-path", tools, "--add-source", feed, "--version", Version);
        Assert.That(install.ExitCode, Is.Zero, "dotnet tool install failed:\n" + install.Output);
        s_executable = Path.Combine(tools, OperatingSystem.IsWindows() ? "taskcluster.exe" : "taskcluster");
        Assert.That(File.Exists(s_executable), Is.True, install.Output);
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolder()
    {
        if (s_root is not null && Directory.Exists(s_root)) Directory.Delete(s_root, recursive: true);
    }

    /// <summary>The repository root: the nearest folder above the test binaries that holds the solution file.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Taskcluster.Client.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException("No Taskcluster.Client.slnx above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> Dotnet(string workingDirectory, TimeSpan timeout, bool isolatePackages, params string[] arguments)
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // `dotnet test` leaves MSBuild* variables pointing at its own build; a child CLI that inherits them can load the
        // wrong SDK pieces. Build nodes that outlive the test would hold files of the folder deleted at the end.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The test package, with its one-off version, is extracted here rather than into the machine's package cache.
        if (isolatePackages) start.Environment["NUGET_PACKAGES"] = Path.Combine(s_root!, "packages");

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{output}");
        }
        await process.WaitForExitAsync();
        lock (output) return (process.ExitCode, output.ToString());
    }
}
