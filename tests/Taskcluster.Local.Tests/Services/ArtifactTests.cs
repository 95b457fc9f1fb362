using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Services;

/// <summary>Artifacts of every storage type, fetched as a browser or curl would (signed URLs, redirects not followed).</summary>
[TestFixture]
public sealed class ArtifactTests
{
    private readonly LocalClient _publicReader = new("public-reader", "reader-token", new[] { "queue:get-artifact:public/*" });
    private LocalTaskcluster _tc = null!;
    private Queue _queue = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new LocalTaskclusterOptions();
        options.Clients.Add(_publicReader);
        _tc = await LocalTaskcluster.StartAsync(options);
        _queue = new Queue(_tc.ClientOptions("queue"));
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _tc.DisposeAsync();
    }

    /// <summary>A new task whose run 0 is claimed and running.</summary>
    private async Task<string> RunningTaskAsync()
    {
        string taskQueueId = TaskDefinitions.UniqueQueue(), taskId = Slugid.Nice();
        await _queue.CreateTaskAsync(taskId, TaskDefinitions.InQueue(taskQueueId));
        await _queue.ClaimWorkAsync(taskQueueId, TaskDefinitions.Claim());
        return taskId;
    }

    private static PostArtifactRequestS3 S3(string contentType = "text/plain") => new() { ContentType = contentType, Expires = DateTimeOffset.UtcNow.AddDays(1) };

    private static PostArtifactRequestLink Link(string artifact, DateTimeOffset expires) => new() { Artifact = artifact, Expires = expires };

    /// <summary>Uploads to the putUrl of an s3 artifact, after checking that the answer is the s3 branch.</summary>
    private async Task UploadAsync(PostArtifactResponse created, string text, string contentType = "text/plain")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await _http.PutAsync(Expect.Branch<PostArtifactResponseS3>(created).PutUrl, content);
        response.EnsureSuccessStatusCode();
    }

    [Test]
    public async Task An_s3_artifact_is_uploaded_to_its_putUrl_and_served_through_a_303_from_a_signed_url()
    {
        string taskId = await RunningTaskAsync();
        var created = await _queue.CreateArtifactAsync(taskId, "0", "private/logs/live log.txt", S3());
        await UploadAsync(created, "log line");

        using var redirect = await _http.GetAsync(_queue.GetArtifactSignedUrl(taskId, "0", "private/logs/live log.txt"));
        string location = redirect.Headers.Location!.AbsoluteUri;
        using var bytes = await _http.GetAsync(location);

        Assert.That(created.StorageType, Is.EqualTo("s3"));
        Assert.That(Expect.Branch<PostArtifactResponseS3>(created).Expires, Is.GreaterThan(DateTimeOffset.UtcNow));
        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(redirect.Headers.GetValues("x-taskcluster-artifact-storage-type"), Is.EqualTo(new[] { "s3" }));
        Assert.That(location, Does.StartWith(_tc.RootUrl + "/"));
        Assert.That(await bytes.Content.ReadAsStringAsync(), Is.EqualTo("log line"));
        Assert.That(bytes.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
    }

    [Test]
    public async Task The_sdk_follows_the_redirect_and_artifact_content_names_the_same_url()
    {
        string taskId = await RunningTaskAsync();
        await UploadAsync(await _queue.CreateArtifactAsync(taskId, "0", "public/data.json", S3("application/json")), "{\"answer\":42}", "application/json");

        // By name: the SDK follows the 303 and returns the artifact's own JSON, which is not a getArtifact answer.
        var viaSdk = await _queue.CallAsync("getLatestArtifact", new[] { taskId, "public/data.json" });
        var content = await _queue.LatestArtifactAsync(taskId, "public/data.json");
        using var direct = await _http.GetAsync(Expect.Branch<ArtifactContentResponseS3>(content).Url);

        Assert.That(viaSdk.GetProperty("answer").GetInt32(), Is.EqualTo(42));
        Assert.That(content.StorageType, Is.EqualTo("s3"));
        Assert.That(await direct.Content.ReadAsStringAsync(), Is.EqualTo("{\"answer\":42}"));
    }

    [Test]
    public async Task A_reference_artifact_redirects_to_its_url()
    {
        string taskId = await RunningTaskAsync();
        var created = await _queue.CreateArtifactAsync(taskId, "0", "public/elsewhere", new PostArtifactRequestReference
        {
            Url = "https://example.com/build/x.zip", ContentType = "application/zip", Expires = DateTimeOffset.UtcNow.AddDays(1),
        });

        using var redirect = await _http.GetAsync(_queue.GetLatestArtifactSignedUrl(taskId, "public/elsewhere"));
        var content = await _queue.ArtifactAsync(taskId, "0", "public/elsewhere");

        Assert.That(Expect.Branch<PostArtifactResponseReference>(created).StorageType, Is.EqualTo("reference"));
        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(redirect.Headers.Location!.AbsoluteUri, Is.EqualTo("https://example.com/build/x.zip"));
        Assert.That(Expect.Branch<ArtifactContentResponseReference>(content).Url, Is.EqualTo("https://example.com/build/x.zip"));
    }

    [Test]
    public async Task A_link_artifact_is_followed_to_its_target_and_each_name_on_the_way_needs_its_scope()
    {
        string taskId = await RunningTaskAsync();
        await UploadAsync(await _queue.CreateArtifactAsync(taskId, "0", "private/real.txt", S3()), "behind a link");
        await _queue.CreateArtifactAsync(taskId, "0", "public/latest.txt", Link("private/real.txt", DateTimeOffset.UtcNow.AddDays(1)));

        using var redirect = await _http.GetAsync(_queue.GetArtifactSignedUrl(taskId, "0", "public/latest.txt"));
        using var bytes = await _http.GetAsync(redirect.Headers.Location);
        var reader = new Queue(_tc.ClientOptions("queue", _publicReader.Credentials));
        using var refused = await _http.GetAsync(reader.GetArtifactSignedUrl(taskId, "0", "public/latest.txt"));

        Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(await bytes.Content.ReadAsStringAsync(), Is.EqualTo("behind a link"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("queue:get-artifact:private/real.txt"));
    }

    [Test]
    public async Task A_cycle_of_links_is_a_400()
    {
        string taskId = await RunningTaskAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        await _queue.CreateArtifactAsync(taskId, "0", "public/a", Link("public/b", expires));
        await _queue.CreateArtifactAsync(taskId, "0", "public/b", Link("public/a", expires));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.ArtifactAsync(taskId, "0", "public/a"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ServerMessage, Does.Contain("cycle"));
    }

    [Test]
    public async Task An_error_artifact_answers_424_with_its_reason_and_message_and_its_content_describes_it()
    {
        string taskId = await RunningTaskAsync();
        await _queue.CreateArtifactAsync(taskId, "0", "public/missing.log", new PostArtifactRequestError
        {
            Reason = PostArtifactRequestErrorReason.FileMissingOnWorker, Message = "no such file: /build/missing.log", Expires = DateTimeOffset.UtcNow.AddDays(1),
        });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.GetLatestArtifactAsync(taskId, "public/missing.log"));
        var content = await _queue.LatestArtifactAsync(taskId, "public/missing.log");

        Assert.That((int)error!.StatusCode!, Is.EqualTo(424));
        using var body = JsonDocument.Parse(error.Body!);
        Assert.That(body.RootElement.GetProperty("reason").GetString(), Is.EqualTo("file-missing-on-worker"));
        Assert.That(body.RootElement.GetProperty("message").GetString(), Is.EqualTo("no such file: /build/missing.log"));
        Assert.That(content.StorageType, Is.EqualTo("error"));
        Assert.That(Expect.Branch<ArtifactContentResponseError>(content).Reason, Is.EqualTo("file-missing-on-worker"));
    }

    [Test]
    public async Task An_object_artifact_is_a_400_that_says_the_stand_in_does_not_support_it()
    {
        string taskId = await RunningTaskAsync();

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateArtifactAsync(taskId, "0", "public/blob", new PostArtifactRequestObject
        {
            ContentType = "application/octet-stream", Expires = DateTimeOffset.UtcNow.AddDays(1),
        }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.ServerMessage, Does.Contain("not supported by the stand-in"));
    }

    [Test]
    public async Task Artifacts_are_listed_in_pages_by_name_and_described_without_following_links()
    {
        string taskId = await RunningTaskAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        foreach (string name in new[] { "public/c", "public/a", "public/b", "public/e", "public/d" })
            await _queue.CreateArtifactAsync(taskId, "0", name, Link("public/x", expires));

        var names = new List<string>();
        int pages = 0;
        await foreach (var page in _queue.ListLatestArtifactsPagesAsync(taskId, limit: 2))
        {
            pages++;
            names.AddRange(page.Artifacts.Select(a => a.Name));
        }
        var info = await _queue.ArtifactInfoAsync(taskId, "0", "public/a");

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(names, Is.EqualTo(new[] { "public/a", "public/b", "public/c", "public/d", "public/e" }));
        Assert.That(info.StorageType, Is.EqualTo(ArtifactResponseStorageType.Link));
    }

    [Test]
    public async Task Creating_the_same_artifact_again_is_idempotent_but_changing_it_conflicts()
    {
        string taskId = await RunningTaskAsync();
        var first = await _queue.CreateArtifactAsync(taskId, "0", "public/x.txt", S3());

        var again = await _queue.CreateArtifactAsync(taskId, "0", "public/x.txt", S3());
        var changed = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateArtifactAsync(taskId, "0", "public/x.txt", S3("application/json")));

        Assert.That(Expect.Branch<PostArtifactResponseS3>(again).PutUrl, Is.EqualTo(Expect.Branch<PostArtifactResponseS3>(first).PutUrl));
        Assert.That(changed!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task No_artifact_can_be_created_after_the_run_completed()
    {
        string taskId = await RunningTaskAsync();
        await _queue.ReportCompletedAsync(taskId, "0");

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.CreateArtifactAsync(taskId, "0", "public/late.txt", S3()));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task An_unknown_artifact_is_a_404()
    {
        string taskId = await RunningTaskAsync();

        var error = Assert.ThrowsAsync<TaskclusterException>(() => _queue.ArtifactAsync(taskId, "0", "public/nothing"));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
