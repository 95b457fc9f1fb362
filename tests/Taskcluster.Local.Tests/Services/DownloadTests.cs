using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Services;

/// <summary><c>Queue.DownloadArtifactAsync</c> and friends against the stand-in's s3 store and error artifacts.</summary>
[TestFixture]
public sealed class DownloadTests
{
    private LocalTaskcluster _tc = null!;
    private Queue _queue = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tc = await LocalTaskcluster.StartAsync();
        _queue = new Queue(_tc.ClientOptions("queue"));
        _http = new HttpClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _tc.DisposeAsync();
    }

    private async Task<string> RunningTaskAsync()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue(), taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
        await _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim());
        return taskId;
    }

    private async Task<byte[]> UploadS3Async(string taskId, string name, int size)
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(size);
        var created = await _queue.CreateArtifactAsync(taskId, "0", name,
            new PostArtifactRequestS3 { ContentType = "application/octet-stream", Expires = DateTimeOffset.UtcNow.AddDays(1) });
        using var response = await _http.PutAsync(Expect.Branch<PostArtifactResponseS3>(created).PutUrl, new ByteArrayContent(bytes));
        response.EnsureSuccessStatusCode();
        return bytes;
    }

    [Test]
    public async Task A_multi_megabyte_s3_artifact_downloads_byte_for_byte_with_progress()
    {
        string taskId = await RunningTaskAsync();
        byte[] bytes = await UploadS3Async(taskId, "public/build/target.bin", 6 * 1024 * 1024 + 123);
        long lastProgress = 0;
        var progress = new SynchronousProgress(value => lastProgress = value);

        using var destination = new MemoryStream();
        var download = await _queue.DownloadArtifactAsync(taskId, "0", "public/build/target.bin", destination, progress);

        Assert.That(destination.ToArray(), Is.EqualTo(bytes));
        Assert.That((download.StorageType, download.Bytes, download.Attempts, lastProgress), Is.EqualTo(("s3", (long)bytes.Length, 1, (long)bytes.Length)));
    }

    [Test]
    public async Task The_latest_run_downloads_to_a_file_that_appears_only_when_complete()
    {
        string taskId = await RunningTaskAsync();
        byte[] bytes = await UploadS3Async(taskId, "public/x.bin", 300_000);
        string folder = Directory.CreateTempSubdirectory("tc-download-").FullName;
        try
        {
            string path = Path.Combine(folder, "x.bin");

            await _queue.DownloadArtifactToFileAsync(taskId, null, "public/x.bin", path);
            var missing = Assert.ThrowsAsync<TaskclusterException>(() => _queue.DownloadArtifactToFileAsync(taskId, null, "public/none.bin", Path.Combine(folder, "none.bin")));

            Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes));
            Assert.That(missing!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }), "no partial file is left behind");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task An_error_artifact_throws_with_the_workers_reason_and_message()
    {
        string taskId = await RunningTaskAsync();
        await _queue.CreateArtifactAsync(taskId, "0", "public/missing.log",
            new PostArtifactRequestError { Reason = PostArtifactRequestErrorReason.FileMissingOnWorker, Message = "no such file", Expires = DateTimeOffset.UtcNow.AddDays(1) });

        var error = Assert.ThrowsAsync<ArtifactErrorException>(() => _queue.DownloadArtifactAsync(taskId, "0", "public/missing.log", new MemoryStream()));

        Assert.That((error!.Reason, error.ErrorMessage, error.ArtifactName), Is.EqualTo(("file-missing-on-worker", "no such file", "public/missing.log")));
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
