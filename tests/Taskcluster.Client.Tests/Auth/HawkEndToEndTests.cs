using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Auth;

/// <summary>Real requests to a loopback server that authenticates them the way a TaskCluster service does.</summary>
[TestFixture]
public sealed class HawkEndToEndTests
{
    private static TestApiClient Client(string baseUrl, Credentials credentials, IReadOnlyList<string>? scopes = null)
        => TestApiClient.Create("Queue", new ClientOptions { BaseUrl = baseUrl, Credentials = credentials, AuthorizedScopes = scopes });

    [Test]
    public async Task Server_accepts_a_signed_request_with_a_payload()
    {
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(TimeProvider.System));
        var client = Client(server.BaseUrl, Vectors.Credentials);

        var result = await client.CallAsync("createTask", new[] { "abc" }, new { provisionerId = "p", payload = new { ü = "x y" } });

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(server.Verdicts.Single().Accepted, Is.True);
        });
    }

    [Test]
    public async Task Server_receives_the_authorized_scopes_in_the_ext()
    {
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(TimeProvider.System));
        var client = Client(server.BaseUrl, Vectors.Credentials, new[] { "queue:get-task:abc", "a\"b" });

        await client.CallAsync("getTask", new[] { "abc" });

        Assert.That(server.Verdicts.Single().ExtJson, Is.EqualTo("{\"authorizedScopes\":[\"queue:get-task:abc\",\"a\\\"b\"]}"));
    }

    [Test]
    public async Task Empty_authorized_scopes_are_sent_as_an_empty_list()
    {
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(TimeProvider.System));
        var client = Client(server.BaseUrl, Vectors.Credentials, Array.Empty<string>());

        await client.CallAsync("getTask", new[] { "abc" });

        Assert.That(server.Verdicts.Single().ExtJson, Is.EqualTo("{\"authorizedScopes\":[]}"));
    }

    [Test]
    public async Task No_authorized_scopes_send_no_ext()
    {
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(TimeProvider.System));
        var client = Client(server.BaseUrl, Vectors.Credentials);

        await client.CallAsync("getTask", new[] { "abc" });

        Assert.That(server.Server.Requests.Single().Header("Authorization"), Does.Not.Contain("ext="));
    }

    [Test]
    public async Task Wrong_access_token_is_rejected_with_401()
    {
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(TimeProvider.System));
        var client = Client(server.BaseUrl, new Credentials("test-client", "wrong-token"));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => client.CallAsync("getTask", new[] { "abc" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(error.ServerMessage, Is.EqualTo("Authorization failed: bad mac"));
        });
    }

    [Test]
    public async Task Signed_url_fetched_with_a_plain_http_client_is_accepted()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(clock));
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.BaseUrl, Credentials = Vectors.Credentials, TimeProvider = clock });
        string url = client.BuildSignedUrl("getArtifact", TimeSpan.FromMinutes(1), "abc", "0", "private/a b.txt");
        using var http = new HttpClient();

        using var response = await http.GetAsync(url);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(server.Server.Requests.Single().RawTarget, Does.StartWith("/v1/task/abc/runs/0/artifacts/private%2Fa%20b.txt?bewit="));
        });
    }

    [Test]
    public async Task Signed_url_is_rejected_after_it_expires()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(clock));
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.BaseUrl, Credentials = Vectors.Credentials, TimeProvider = clock });
        string url = client.BuildSignedUrl("getTask", TimeSpan.FromMinutes(1), "abc");
        using var http = new HttpClient();
        clock.Advance(TimeSpan.FromSeconds(61));

        using var response = await http.GetAsync(url);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(server.Verdicts.Single().Error, Is.EqualTo("expired"));
        });
    }

    [Test]
    public async Task Concurrent_calls_on_one_client_each_use_a_fresh_nonce_and_verify()
    {
        var verifier = new HawkVerifier(id => id == "test-client" ? "test-token" : null, TimeProvider.System) { RejectReplays = true };
        await using var server = await HawkServer.StartAsync(verifier);
        var client = Client(server.BaseUrl, Vectors.Credentials, new[] { "queue:*" });

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => client.CallAsync(i % 2 == 0 ? "getTask" : "claimWork", i % 2 == 0 ? new[] { $"t{i}" } : new[] { "p", $"w{i}" },
                i % 2 == 0 ? null : new { n = i }))));

        var verdicts = server.Verdicts.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(results.All(r => r.GetProperty("ok").GetBoolean()), Is.True);
            Assert.That(verdicts.Count(v => v.Accepted), Is.EqualTo(200));
            Assert.That(verdicts.Select(v => v.Nonce).Distinct().Count(), Is.EqualTo(200));
        });
    }
}
