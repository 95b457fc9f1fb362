using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Taskcluster.References.Tests.References;

public sealed class DynamicApiClientTests
{
    private static readonly Credentials TestCredentials = new("test-client", "test-token");

    private WireMockServer _server = null!;

    [SetUp]
    public void StartServer() => _server = WireMockServer.Start();

    [TearDown]
    public void StopServer() => _server.Stop();

    private DynamicApiClient QueueAt(string baseUrl) =>
        Reference.Parse(TestData.QueueReferenceJson())
            .CreateApiClient(new ClientOptions { BaseUrl = baseUrl, Credentials = TestCredentials });

    [Test]
    public async Task Get_task_by_name_is_sent_to_the_task_path_with_a_hawk_header()
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new { taskId = "abc" }));
        var queue = QueueAt(_server.Url + "/v1");

        await queue.CallAsync("getTask", new[] { "abc" });

        var request = _server.LogEntries.Single().RequestMessage;
        Assert.That(request.Path, Is.EqualTo("/v1/task/abc"));
        Assert.That(request.Headers!["Authorization"].Single(), Does.StartWith("Hawk id=\"test-client\""));
    }

    [Test]
    public async Task A_call_by_name_returns_the_response_json()
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"taskId":"abc","priority":3}"""));
        var queue = QueueAt(_server.Url + "/v1");

        JsonElement result = await queue.CallAsync("getTask", new[] { "abc" });

        Assert.That(result.GetProperty("priority").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_typed_call_by_name_deserializes_into_the_callers_type()
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"taskId":"abc","priority":3}"""));
        var queue = QueueAt(_server.Url + "/v1");

        var result = await queue.CallAsync<TaskSummary>("getTask", new[] { "abc" });

        Assert.That(result.Priority, Is.EqualTo(3));
    }

    [Test]
    public async Task A_payload_is_sent_as_json_to_the_entry_method()
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{}"));
        var queue = QueueAt(_server.Url + "/v1");

        await queue.CallAsync("createTask", new[] { "abc" }, new { priority = 3 });

        Assert.That(_server.LogEntries.Single().RequestMessage.Body, Is.EqualTo("""{"priority":3}"""));
    }

    [Test]
    public void A_server_error_is_a_taskcluster_exception_with_the_status()
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("""{"message":"no such task"}"""));
        var queue = QueueAt(_server.Url + "/v1");

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CallAsync("getTask", new[] { "abc" }))!;

        Assert.That(error.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
    }

    [Test]
    public void A_url_from_a_run_time_client_percent_encodes_its_arguments()
    {
        var queue = Reference.Parse(TestData.QueueReferenceJson()).CreateApiClient();

        string url = queue.BuildUrl("getArtifact", "a/b?c#d", "0", "public/ü x.txt");

        Assert.That(url, Is.EqualTo("https://queue.taskcluster.net/v1/task/a%2Fb%3Fc%23d/runs/0/artifacts/public%2F%C3%BC%20x.txt"));
    }

    [Test]
    public void A_signed_url_from_a_run_time_client_carries_a_bewit()
    {
        var queue = QueueAt("https://queue.example.com/v1");

        string url = queue.BuildSignedUrl("getTask", TimeSpan.FromMinutes(5), "abc");

        Assert.That(url, Does.StartWith("https://queue.example.com/v1/task/abc?bewit="));
    }

    [Test]
    public void An_unknown_function_name_is_an_argument_exception_listing_the_known_ones()
    {
        var queue = Reference.Parse(TestData.QueueReferenceJson()).CreateApiClient();

        var error = Assert.ThrowsAsync<ArgumentException>(() => queue.CallAsync<JsonElement>("getTsk", new[] { "abc" }))!;

        Assert.That(error.Message, Does.Contain("'getTsk'").And.Contain("getTask"));
    }

    [Test]
    public void A_wrong_argument_count_is_an_argument_exception()
    {
        var queue = Reference.Parse(TestData.QueueReferenceJson()).CreateApiClient();

        Assert.Throws<ArgumentException>(() => queue.BuildUrl("getTask", "abc", "extra"));
    }

    private sealed record TaskSummary(string TaskId, int Priority);
}
