using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Artifacts;

/// <summary>
/// Artifact downloads against one loopback server that plays the queue, the object service and the storage: a
/// broken transfer resumed with Range, object content checked against its hashes, and credentials kept off storage.
/// </summary>
[TestFixture]
public sealed class DownloadResilienceTests
{
    private static readonly byte[] s_content = RandomNumberGenerator.GetBytes(512 * 1024 + 17);
    private static readonly RetryOptions s_fast = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    /// <summary>The fake deployment: what the artifact-content answer is, how storage behaves, and what arrived.</summary>
    private sealed class Deployment
    {
        public string ContentAnswer { get; set; } = "";
        public string? Sha256 { get; set; }
        public int CutFirstAfter { get; set; } = -1;
        public bool HonourRange { get; set; } = true;
        public ConcurrentQueue<(string Path, string? Range, string? Authorization)> Requests { get; } = new();
        private int _storageRequests;

        public async Task HandleAsync(HttpContext context, RecordedRequest request)
        {
            string path = context.Request.Path.Value!;
            string? authorization = context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString();
            string? range = context.Request.Headers.Range.Count == 0 ? null : context.Request.Headers.Range.ToString();
            Requests.Enqueue((path, range, authorization));
            if (path.StartsWith("/api/queue/v1/", StringComparison.Ordinal))
            {
                await LoopbackServer.WriteAsync(context.Response, 200, "application/json", ContentAnswer.Replace("ORIGIN", Origin(context)));
            }
            else if (path.StartsWith("/api/object/v1/start-download/", StringComparison.Ordinal))
            {
                string hashes = Sha256 is null ? "{}" : $"{{\"sha256\":\"{Sha256}\"}}";
                await LoopbackServer.WriteAsync(context.Response, 200, "application/json",
                    $"{{\"method\":\"getUrl\",\"url\":\"{Origin(context)}/storage/blob?X-Signature=secret\",\"expires\":\"2030-01-01T00:00:00.000Z\",\"hashes\":{hashes}}}");
            }
            else if (path == "/storage/blob")
            {
                int number = Interlocked.Increment(ref _storageRequests);
                long offset = 0;
                if (range is not null && HonourRange)
                {
                    offset = long.Parse(range.Substring(6).TrimEnd('-'));
                    context.Response.StatusCode = 206;
                    context.Response.Headers.ContentRange = $"bytes {offset}-{s_content.Length - 1}/{s_content.Length}";
                }
                context.Response.ContentLength = s_content.Length - offset;
                context.Response.ContentType = "application/octet-stream";
                if (number == 1 && CutFirstAfter >= 0)
                {
                    await context.Response.Body.WriteAsync(s_content.AsMemory(0, CutFirstAfter));
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(100); // let what was sent arrive, so the client has something to resume from
                    context.Abort(); // the connection breaks mid-body
                    return;
                }
                await context.Response.Body.WriteAsync(s_content.AsMemory((int)offset));
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        }

        private static string Origin(HttpContext context) => "http://" + context.Request.Host.Value;
    }

    private static Queue QueueFor(LoopbackServer server)
        => new(new ClientOptions { RootUrl = server.Origin, Credentials = new Credentials("queue-user", "queue-token"), Retry = s_fast });

    [Test]
    public async Task A_transfer_that_breaks_is_resumed_from_where_it_stopped()
    {
        var deployment = new Deployment { ContentAnswer = """{"storageType":"s3","url":"ORIGIN/storage/blob"}""", CutFirstAfter = 200_000 };
        await using var server = await LoopbackServer.StartAsync(deployment.HandleAsync);
        using var destination = new MemoryStream();

        var download = await QueueFor(server).DownloadArtifactAsync("t", "0", "public/big.bin", destination);

        Assert.That(destination.ToArray(), Is.EqualTo(s_content));
        Assert.That(download.Attempts, Is.EqualTo(2));
        var storage = deployment.Requests.Where(r => r.Path == "/storage/blob").ToList();
        Assert.That(storage, Has.Count.EqualTo(2));
        Assert.That(storage[0].Range, Is.Null);
        // The second asks for the rest from the first byte it lacks: up to the cut, less whatever the abort discarded.
        Assert.That(storage[1].Range, Does.Match("^bytes=[0-9]+-$"));
        long resumedAt = long.Parse(storage[1].Range!.Substring(6).TrimEnd('-'));
        Assert.That(resumedAt, Is.InRange(1, 200_000));
    }

    [Test]
    public async Task When_storage_ignores_the_range_a_seekable_destination_starts_over()
    {
        var deployment = new Deployment { ContentAnswer = """{"storageType":"reference","url":"ORIGIN/storage/blob"}""", CutFirstAfter = 100_000, HonourRange = false };
        await using var server = await LoopbackServer.StartAsync(deployment.HandleAsync);
        using var destination = new MemoryStream();
        destination.Write(new byte[] { 1, 2, 3 }); // written before the download: kept

        await QueueFor(server).DownloadArtifactAsync("t", "0", "public/big.bin", destination);

        Assert.That(destination.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }.Concat(s_content).ToArray()));
    }

    [Test]
    public async Task Storage_never_sees_taskcluster_credentials()
    {
        var deployment = new Deployment { ContentAnswer = """{"storageType":"s3","url":"ORIGIN/storage/blob"}""" };
        await using var server = await LoopbackServer.StartAsync(deployment.HandleAsync);

        await QueueFor(server).DownloadArtifactAsync("t", "0", "public/a.bin", new MemoryStream());

        var requests = deployment.Requests.ToList();
        Assert.That(requests.Single(r => r.Path.StartsWith("/api/queue/")).Authorization, Does.StartWith("Hawk id=\"queue-user\""));
        Assert.That(requests.Single(r => r.Path == "/storage/blob").Authorization, Is.Null);
    }

    [Test]
    public async Task An_object_artifact_is_fetched_with_its_own_credentials_and_verified()
    {
        var deployment = new Deployment
        {
            ContentAnswer = """{"storageType":"object","name":"t/0/public/a.bin","credentials":{"clientId":"object-reader","accessToken":"object-token","certificate":"{\"version\":1,\"seed\":\"s\",\"signature\":\"x\"}"}}""",
            Sha256 = Convert.ToHexString(SHA256.HashData(s_content)).ToLowerInvariant(),
        };
        await using var server = await LoopbackServer.StartAsync(deployment.HandleAsync);
        using var destination = new MemoryStream();

        var download = await QueueFor(server).DownloadArtifactAsync("t", "0", "public/a.bin", destination);

        Assert.That((download.StorageType, destination.ToArray()), Is.EqualTo(("object", s_content)));
        var startDownload = deployment.Requests.Single(r => r.Path.StartsWith("/api/object/v1/start-download/"));
        Assert.That(startDownload.Path, Is.EqualTo("/api/object/v1/start-download/t%2F0%2Fpublic%2Fa.bin"));
        Assert.That(startDownload.Authorization, Does.StartWith("Hawk id=\"object-reader\""));
        Assert.That(deployment.Requests.Single(r => r.Path == "/storage/blob").Authorization, Is.Null);
    }

    [Test]
    public async Task An_object_whose_content_does_not_match_its_hash_is_refused_without_leaking_the_signed_url()
    {
        var deployment = new Deployment
        {
            ContentAnswer = """{"storageType":"object","name":"o","credentials":{"clientId":"c","accessToken":"t","certificate":"{\"version\":1,\"seed\":\"s\",\"signature\":\"x\"}"}}""",
            Sha256 = new string('0', 64),
        };
        await using var server = await LoopbackServer.StartAsync(deployment.HandleAsync);

        var error = Assert.ThrowsAsync<InvalidDataException>(() => QueueFor(server).DownloadArtifactAsync("t", "0", "o", new MemoryStream()));

        Assert.That(error!.Message, Does.Contain("SHA256").And.Contain("corrupt").And.Not.Contain("secret"));
    }

    [Test]
    public async Task An_object_without_hashes_is_not_trusted()
    {
        var deployment = new Deployment { ContentAnswer = """{"storageType":"object","name":"o","credentials":{"clientId":"c","accessToken":"t","certificate":"{\"version\":1,\"seed\":\"s\",\"signature\":\"x\"}"}}""" };
        await using var server = await LoopbackServer.StartAsync(deployment.HandleAsync);

        var error = Assert.ThrowsAsync<InvalidDataException>(() => QueueFor(server).DownloadArtifactAsync("t", "0", "o", new MemoryStream()));

        Assert.That(error!.Message, Does.Contain("no sha256 or sha512"));
        Assert.That(deployment.Requests.Any(r => r.Path == "/storage/blob"), Is.False);
    }

    [Test]
    public async Task A_storage_type_newer_than_the_sdk_is_refused_by_name_and_nothing_is_fetched()
    {
        var deployment = new Deployment { ContentAnswer = """{"storageType":"azure","url":"ORIGIN/storage/blob?X-Signature=secret"}""" };
        await using var server = await LoopbackServer.StartAsync(deployment.HandleAsync);

        var error = Assert.ThrowsAsync<NotSupportedException>(() => QueueFor(server).DownloadArtifactAsync("t", "0", "x", new MemoryStream()));

        Assert.That(error!.Message, Does.Contain("'azure'").And.Not.Contain("secret"));
        Assert.That(deployment.Requests.Any(r => r.Path == "/storage/blob"), Is.False);
    }

    [Test]
    public async Task A_storage_that_keeps_failing_gives_up_after_the_retries_without_its_signature_in_the_message()
    {
        var deployment = new Deployment { ContentAnswer = """{"storageType":"s3","url":"ORIGIN/nowhere?X-Signature=secret"}""" };
        await using var server = await LoopbackServer.StartAsync(deployment.HandleAsync);

        var error = Assert.ThrowsAsync<TaskclusterException>(() => QueueFor(server).DownloadArtifactAsync("t", "0", "x", new MemoryStream()));

        Assert.That(error!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        Assert.That(error.Message + error.Url, Does.Not.Contain("secret"));
    }

    [Test]
    public void A_read_only_destination_is_an_argument_error()
    {
        var queue = new Queue(new ClientOptions { RootUrl = "https://tc.example.com" });

        var error = Assert.Throws<ArgumentException>(() => queue.DownloadArtifactAsync("t", "0", "x", new MemoryStream(new byte[1], writable: false)));

        Assert.That(error!.ParamName, Is.EqualTo("destination"));
    }
}
