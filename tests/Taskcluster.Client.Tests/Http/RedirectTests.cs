using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Http;

/// <summary>Redirects: followed, re-signed for the same origin, anonymous to any other origin, and bounded.</summary>
[TestFixture]
public sealed class RedirectTests
{
    private static Task<LoopbackServer> RedirectingServerAsync(int status, Func<string, string> location)
        => LoopbackServer.StartAsync(async (context, request) =>
        {
            if (request.RawTarget.StartsWith("/v1/target", StringComparison.Ordinal))
            {
                await LoopbackServer.WriteAsync(context.Response, 200, "application/json", "{\"redirected\":true}");
                return;
            }
            context.Response.Headers.Location = location(request.RawTarget);
            await LoopbackServer.WriteAsync(context.Response, status, null, "");
        });

    [Test]
    public async Task A_same_origin_redirect_is_followed_with_a_fresh_valid_hawk_header()
    {
        var verifier = new HawkVerifier(id => id == "test-client" ? "test-token" : null, TimeProvider.System) { RejectReplays = true };
        await using var server = await RedirectingServerAsync(303, _ => "/v1/target");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1", Credentials = Vectors.Credentials });

        var result = await client.CallAsync("getArtifact", new[] { "abc", "0", "public/x.txt" });

        var requests = server.Requests;
        var verdicts = requests.Select(r => verifier.VerifyHeader(r.Header("Authorization"), r.Method, r.RawTarget, r.Host, r.Port, r.Header("Content-Type"), r.Body)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("redirected").GetBoolean(), Is.True);
            Assert.That(requests.Select(r => r.RawTarget), Is.EqualTo(new[] { "/v1/task/abc/runs/0/artifacts/public%2Fx.txt", "/v1/target" }));
            Assert.That(verdicts.All(v => v.Accepted), Is.True, string.Join("; ", verdicts.Select(v => v.Error)));
            Assert.That(verdicts[0].Nonce, Is.Not.EqualTo(verdicts[1].Nonce));
        });
    }

    [Test]
    public async Task A_redirect_to_another_origin_is_followed_without_credentials()
    {
        await using var other = await LoopbackServer.StartJsonAsync(200, "{\"elsewhere\":true}");
        await using var server = await RedirectingServerAsync(303, _ => other.Origin + "/artifact");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1", Credentials = Vectors.Credentials });

        var result = await client.CallAsync("getArtifact", new[] { "abc", "0", "x" });

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("elsewhere").GetBoolean(), Is.True);
            Assert.That(server.Requests.Single().Header("Authorization"), Is.Not.Null);
            Assert.That(other.Requests.Single().Header("Authorization"), Is.Null);
        });
    }

    [Test]
    public async Task A_303_after_a_post_is_followed_with_a_get_without_body()
    {
        await using var server = await RedirectingServerAsync(303, _ => "/v1/target");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        await client.CallAsync("createArtifact", new[] { "abc", "0", "x" }, new { storageType = "s3" });

        var follow = server.Requests[1];
        Assert.Multiple(() =>
        {
            Assert.That(follow.Method, Is.EqualTo("GET"));
            Assert.That(follow.Body, Is.Empty);
            Assert.That(follow.Header("Content-Type"), Is.Null);
        });
    }

    [Test]
    public async Task A_307_keeps_the_method_and_the_body()
    {
        await using var server = await RedirectingServerAsync(307, _ => "/v1/target");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        await client.CallAsync("createArtifact", new[] { "abc", "0", "x" }, new { storageType = "s3" });

        var follow = server.Requests[1];
        Assert.Multiple(() =>
        {
            Assert.That(follow.Method, Is.EqualTo("POST"));
            Assert.That(Encoding.UTF8.GetString(follow.Body), Is.EqualTo("{\"storageType\":\"s3\"}"));
        });
    }

    [Test]
    public async Task A_redirect_loop_stops_after_the_limit()
    {
        await using var server = await RedirectingServerAsync(302, target => target + "x");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => client.CallAsync("getTask", new[] { "abc" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("redirects"));
            Assert.That(server.Requests, Has.Count.EqualTo(HttpPipeline.MaxRedirects + 1));
        });
    }

    [Test]
    public async Task A_redirect_without_a_location_is_an_error()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => LoopbackServer.WriteAsync(context.Response, 302, null, ""));
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => client.CallAsync("getTask", new[] { "abc" }));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Found));
    }
}
