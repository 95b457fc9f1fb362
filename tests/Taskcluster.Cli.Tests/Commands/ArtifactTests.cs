using System.Text.Json;
using Taskcluster.Cli.Tests.Infrastructure;
using Taskcluster.Models.Queue;

namespace Taskcluster.Cli.Tests.Commands;

/// <summary><c>taskcluster artifact download</c>: the SDK's streamed download, to a file or to stdout.</summary>
[TestFixture]
public sealed class ArtifactTests : StandInFixture
{
    [Test]
    public async Task A_multi_megabyte_s3_artifact_downloads_to_a_file_byte_for_byte()
    {
        string taskId = await RunningTaskAsync();
        byte[] content = RandomBytes(6 * 1024 * 1024 + 123);
        await UploadS3Async(taskId, "public/build/target.bin", content);
        string directory = Directory.CreateDirectory(Path.Combine(InstalledTool.Scratch, Guid.NewGuid().ToString("N"))).FullName;
        string target = Path.Combine(directory, "target.bin");

        var result = await Tool.RunAsync(Environment, "artifact", "download", taskId, "public/build/target.bin", "-o", target);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(File.ReadAllBytes(target), Is.EqualTo(content), "the file should be the artifact, byte for byte");
        // With stderr redirected there is no progress bar, only one line saying what was written.
        Assert.That(result.Stderr, Does.Contain($"({content.Length} bytes, s3)").And.Not.Contain("\r"));
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(Directory.GetFiles(directory), Is.EqualTo(new[] { target }), "no partial file should be left behind");
    }

    [Test]
    public async Task Without_an_output_file_the_artifact_goes_to_stdout()
    {
        string taskId = await RunningTaskAsync();
        byte[] content = RandomBytes(1024 * 1024 + 7);
        await UploadS3Async(taskId, "public/data.bin", content);

        var result = await Tool.RunAsync(Environment, "artifact", "download", taskId, "public/data.bin");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutBytes, Is.EqualTo(content));
    }

    [Test]
    public async Task A_named_run_is_downloaded_from_that_run()
    {
        string taskId = await RunningTaskAsync();
        byte[] content = RandomBytes(1000);
        await UploadS3Async(taskId, "public/run0.bin", content);
        string target = Path.Combine(InstalledTool.Scratch, Guid.NewGuid().ToString("N") + ".bin");

        var result = await Tool.RunAsync(Environment, "artifact", "download", taskId, "public/run0.bin", "--run", "0", "-o", target);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(File.ReadAllBytes(target), Is.EqualTo(content));
    }

    [Test]
    public async Task An_error_artifact_exits_1_with_the_workers_reason_and_leaves_no_file()
    {
        string taskId = await RunningTaskAsync();
        await Queue.CreateArtifactAsync(taskId, "0", "public/missing.zip", new PostArtifactRequestError
        {
            Reason = PostArtifactRequestErrorReason.FileMissingOnWorker,
            Message = "the build did not produce missing.zip",
            Expires = DateTimeOffset.UtcNow.AddDays(1),
        });
        string target = Path.Combine(InstalledTool.Scratch, Guid.NewGuid().ToString("N") + ".zip");

        var result = await Tool.RunAsync(Environment, "artifact", "download", taskId, "public/missing.zip", "-o", target);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("file-missing-on-worker").And.Contain("the build did not produce missing.zip"));
        Assert.That(File.Exists(target), Is.False);
    }

    [Test]
    public async Task An_artifact_that_does_not_exist_exits_1_with_the_server_message()
    {
        string taskId = await RunningTaskAsync();

        var result = await Tool.RunAsync(Environment, "artifact", "download", taskId, "public/nothing", "-o", Path.Combine(InstalledTool.Scratch, "nothing"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("404"));
    }

    [Test]
    public async Task On_a_terminal_a_progress_bar_is_drawn_on_stderr()
    {
        if (!File.Exists("/usr/bin/script")) Assert.Ignore("util-linux `script` is needed to give the tool a terminal");
        string taskId = await RunningTaskAsync();
        byte[] content = RandomBytes(3 * 1024 * 1024);
        await UploadS3Async(taskId, "public/big.bin", content);
        string target = Path.Combine(InstalledTool.Scratch, Guid.NewGuid().ToString("N") + ".bin");
        // `script` runs the command on a pseudo-terminal, so stderr is not redirected there as it is in other tests.
        string command = string.Join(" ", new[] { InstalledTool.Executable, "artifact", "download", taskId, "public/big.bin", "-o", target }.Select(Quote));
        var environment = Environment;

        var result = await Tool.RunProgramAsync("/usr/bin/script", environment, "-qefc", command, "/dev/null");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(File.ReadAllBytes(target), Is.EqualTo(content));
        // Redrawn in place with carriage returns, ending on a full bar and the size.
        Assert.That(result.Stdout, Does.Contain("\r").And.Contain("[====================]").And.Contain("3.0 MiB"));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}
