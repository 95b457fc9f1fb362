using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Http;

/// <summary>What HttpClient actually puts on the wire matches what was built and signed.</summary>
[TestFixture]
public sealed class WireTests
{
    [TestCase("a/b?c#d", "/v1/task/a%2Fb%3Fc%23d")]
    [TestCase("%41", "/v1/task/%2541")]
    [TestCase("ü", "/v1/task/%C3%BC")]
    [TestCase("a b", "/v1/task/a%20b")]
    [TestCase("~x", "/v1/task/~x")]
    [TestCase("..", "/v1/task/%2E%2E")]
    [TestCase("x$&y", "/v1/task/x%24%26y")]
    public async Task A_route_argument_arrives_as_one_signed_path_segment(string taskId, string expectedTarget)
    {
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(TimeProvider.System));
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.BaseUrl, Credentials = Vectors.Credentials });

        await client.CallAsync("getTask", new[] { taskId });

        Assert.Multiple(() =>
        {
            Assert.That(server.Server.Requests.Single().RawTarget, Is.EqualTo(expectedTarget));
            Assert.That(server.Verdicts.Single().Accepted, Is.True, server.Verdicts.Single().Error);
        });
    }

    [TestCase("listTasks")]
    [TestCase("listNamespaces")]
    public async Task Index_list_calls_send_their_payload_with_a_GET(string entry)
    {
        await using var server = await HawkServer.StartAsync(HawkVerifier.ForTestClient(TimeProvider.System));
        var client = TestApiClient.Create("index", new ClientOptions { BaseUrl = server.BaseUrl, Credentials = Vectors.Credentials });

        await client.CallAsync(entry, new[] { "a.b" }, new { limit = 10 });

        var request = server.Server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("GET"));
            Assert.That(Encoding.UTF8.GetString(request.Body), Is.EqualTo("{\"limit\":10}"));
            Assert.That(server.Verdicts.Single().Accepted, Is.True, "the payload hash covers the body");
        });
    }

    [Test]
    public async Task A_result_stays_readable_after_later_calls_and_garbage_collections()
    {
        // Results are parsed into pooled buffers and handed out as JsonElements: whatever the caller gets must not
        // depend on a document that is disposed, or on buffers that go back to the pool, however long it is kept.
        await using var server = await LoopbackServer.StartJsonAsync(200, "{\"taskId\":\"first\",\"tags\":{\"a\":\"ü\"},\"n\":[1,2,3]}");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        var first = await client.CallAsync("getTask", new[] { "a" });
        for (int i = 0; i < 50; i++) await client.CallAsync("getTask", new[] { "b" });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("taskId").GetString(), Is.EqualTo("first"));
            Assert.That(first.GetProperty("tags").GetProperty("a").GetString(), Is.EqualTo("ü"));
            Assert.That(first.GetProperty("n").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 1, 2, 3 }));
        });
    }

    [Test]
    public async Task A_payload_is_sent_as_exactly_application_json()
    {
        await using var server = await LoopbackServer.StartJsonAsync(200, "{}");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        await client.CallAsync("createTask", new[] { "abc" }, new { a = 1 });

        Assert.That(server.Requests.Single().Header("Content-Type"), Is.EqualTo("application/json"));
    }

    [Test]
    public async Task Every_call_asks_for_json()
    {
        await using var server = await LoopbackServer.StartJsonAsync(200, "{}");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        await client.CallAsync("ping", Array.Empty<string>());

        Assert.That(server.Requests.Single().Header("Accept"), Is.EqualTo("application/json"));
    }

    [Test]
    public async Task A_payload_is_serialized_with_camel_case_names()
    {
        await using var server = await LoopbackServer.StartJsonAsync(200, "{}");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        await client.CallAsync("createTask", new[] { "abc" }, new { ProvisionerId = "p" });

        Assert.That(Encoding.UTF8.GetString(server.Requests.Single().Body), Is.EqualTo("{\"provisionerId\":\"p\"}"));
    }
}
