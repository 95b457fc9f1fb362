using System;
using System.Net;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Http;

/// <summary>How failed answers become <see cref="TaskclusterException"/>s, and what those carry (never the token).</summary>
[TestFixture]
public sealed class ErrorMappingTests
{
    private const string Token = "s3cr3t-access-token-value";

    private static async Task<TaskclusterException> FailingCallAsync(int status, string? contentType, string body, string entry = "getTask")
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => LoopbackServer.WriteAsync(context.Response, status, contentType, body));
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1", Credentials = new Credentials("me", Token) });
        return Assert.ThrowsAsync<TaskclusterException>(() => client.CallAsync(entry, new[] { "abc" }))!;
    }

    [Test]
    public async Task Unauthorized_with_a_message_reports_the_server_message()
    {
        var error = await FailingCallAsync(401, "application/json", "{\"message\":\"Bad mac\"}");

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(error.ServerMessage, Is.EqualTo("Bad mac"));
            Assert.That(error.Message, Does.Contain("Bad mac"));
        });
    }

    [Test]
    public async Task The_error_code_taskcluster_sends_is_kept()
    {
        var error = await FailingCallAsync(409, "application/json", "{\"code\":\"RequestConflict\",\"message\":\"task exists\",\"requestInfo\":{}}");

        Assert.That((error.ErrorCode, error.ServerMessage, error.StatusCode), Is.EqualTo(("RequestConflict", "task exists", (HttpStatusCode?)HttpStatusCode.Conflict)));
    }

    [Test]
    public void A_fake_can_throw_the_same_exception_a_call_would()
    {
        var error = new TaskclusterException("GET", "https://tc.example.com/api/queue/v1/task/abc", HttpStatusCode.NotFound, "ResourceNotFound", "no such task");

        Assert.That((error.ErrorCode, error.ServerMessage, error.Attempts, error.Body), Is.EqualTo(("ResourceNotFound", "no such task", 1, (string?)null)));
        Assert.That(error.Message, Is.EqualTo("GET https://tc.example.com/api/queue/v1/task/abc failed with 404 NotFound: no such task"));
        Assert.Throws<ArgumentNullException>(() => new TaskclusterException(null!, "u", null, null, null));
    }

    [Test]
    public async Task Unauthorized_without_a_message_is_an_authentication_error()
    {
        var error = await FailingCallAsync(401, "application/json", "{\"error\":\"x\"}");

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("Authentication Error"));
            Assert.That(error.ServerMessage, Is.Null);
            Assert.That(error.Body, Is.EqualTo("{\"error\":\"x\"}"));
        });
    }

    [Test]
    public async Task Not_found_in_plain_text_keeps_the_body()
    {
        var error = await FailingCallAsync(404, "text/plain", "not found");

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(error.Body, Is.EqualTo("not found"));
            Assert.That(error.Message, Does.Contain("Unknown Server Error"));
        });
    }

    [Test]
    public async Task Internal_server_error_without_a_message_says_so()
    {
        var error = await FailingCallAsync(500, "application/json", "{}");

        Assert.That(error.Message, Does.Contain("Internal Server Error"));
    }

    [Test]
    public async Task A_success_that_is_not_json_for_an_entry_with_a_result_is_an_error()
    {
        var error = await FailingCallAsync(200, "text/html", "<html>proxy login</html>");

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(error.Body, Is.EqualTo("<html>proxy login</html>"));
            Assert.That(error.Message, Does.Contain("not JSON"));
        });
    }

    [Test]
    public async Task An_empty_success_for_an_entry_with_a_result_is_an_error()
    {
        var error = await FailingCallAsync(200, null, "");

        Assert.That(error.Message, Does.Contain("no body"));
    }

    [Test]
    public async Task The_access_token_appears_nowhere_in_a_failed_call_exception()
    {
        var error = await FailingCallAsync(401, "application/json", "{\"message\":\"Bad mac\"}");

        Assert.That(error.ToString() + error.Url + error.Body + error.ServerMessage, Does.Not.Contain(Token));
    }

    [Test]
    public void The_access_token_appears_nowhere_in_a_transport_failure_exception()
    {
        // Nothing listens on the discard port, so the connection is refused.
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = "http://127.0.0.1:9/v1", Credentials = new Credentials("me", Token) });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => client.CallAsync("getTask", new[] { "abc" }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.Null);
            Assert.That(error.ToString(), Does.Not.Contain(Token));
        });
    }

    [Test]
    public void Credentials_do_not_show_the_access_token()
    {
        Assert.That(new Credentials("me", Token).ToString(), Does.Not.Contain(Token));
    }

    [Test]
    public void Caller_cancellation_surfaces_as_operation_canceled()
    {
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = "http://127.0.0.1:9/v1" });
        using var cancellation = new System.Threading.CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(async () => await client.CallAsync("getTask", new[] { "abc" }, null, cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }
}
