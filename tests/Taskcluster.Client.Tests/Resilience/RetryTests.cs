using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;
using Taskcluster.Models.Queue;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Taskcluster.Client.Tests.Resilience;

[TestFixture]
public sealed class RetryTests
{
    private const string Token = "retry-token";
    private static readonly RetryOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

    // Successful answers are whole documents of the entry's schema, since the typed calls read them into models; the
    // metadata name marks which canned answer a call ended up reading.
    private const string TaskJson = """
        {
          "provisionerId": "p", "workerType": "w", "taskQueueId": "p/w", "schedulerId": "-", "projectId": "none",
          "taskGroupId": "abc", "dependencies": [], "requires": "all-completed", "routes": [], "priority": "lowest",
          "retries": 5, "created": "2026-01-01T00:00:00.000Z", "deadline": "2026-01-02T00:00:00.000Z",
          "expires": "2027-01-01T00:00:00.000Z", "scopes": [], "payload": {}, "tags": {}, "extra": {},
          "metadata": { "name": "served after retries", "description": "d", "owner": "o@example.com", "source": "https://example.com" }
        }
        """;

    private const string TaskStatusJson = """
        {
          "status": {
            "taskId": "abc", "provisionerId": "p", "workerType": "w", "taskQueueId": "p/w", "schedulerId": "-",
            "projectId": "none", "taskGroupId": "abc", "deadline": "2026-01-02T00:00:00.000Z",
            "expires": "2027-01-01T00:00:00.000Z", "retriesLeft": 5, "state": "pending", "runs": []
          }
        }
        """;

    private WireMockServer _server = null!;

    [SetUp]
    public void StartServer() => _server = WireMockServer.Start();

    [TearDown]
    public void StopServer() => _server.Stop();

    private Queue Client(RetryOptions? retry = null) => new(new ClientOptions
    {
        BaseUrl = _server.Url + "/v1",
        Credentials = new Credentials("retry-client", Token),
        Retry = retry ?? Fast,
    });

    private void Answer(string path, params (int Status, string Body)[] answers)
    {
        const string scenario = "answers";
        for (int i = 0; i < answers.Length; i++)
        {
            var request = _server.Given(Request.Create().WithPath(path)).InScenario(scenario);
            if (i > 0) request = request.WhenStateIs("s" + i);
            var then = i < answers.Length - 1 ? request.WillSetStateTo("s" + (i + 1)) : request;
            then.RespondWith(Response.Create().WithStatusCode(answers[i].Status).WithHeader("Content-Type", "application/json").WithBody(answers[i].Body));
        }
    }

    [Test]
    public async Task A_500_then_a_200_succeeds_on_the_second_attempt()
    {
        Answer("/v1/task/abc", (500, "{\"message\":\"boom\"}"), (200, TaskJson));

        var result = await Client().TaskAsync("abc");

        Assert.That(result.Metadata.Name, Is.EqualTo("served after retries"));
        Assert.That(_server.LogEntries.Count(), Is.EqualTo(2));
    }

    [Test]
    public void Persistent_503s_fail_after_exactly_the_configured_attempts_within_bounded_time()
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc"))
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("{\"message\":\"try later\"}"));
        var retry = Fast with { MaxRetries = 4 };
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<TaskclusterException>(() => Client(retry).TaskAsync("abc"));

        Assert.That(_server.LogEntries.Count(), Is.EqualTo(5));
        Assert.That(error!.Attempts, Is.EqualTo(5));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(error.ServerMessage, Is.EqualTo("try later"));
        // Four delays of at most MaxDelay × 1.25 each, plus loopback round trips.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task A_429_with_Retry_After_waits_at_least_as_long_as_asked()
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc")).InScenario("throttle")
            .WillSetStateTo("served")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        _server.Given(Request.Create().WithPath("/v1/task/abc")).InScenario("throttle").WhenStateIs("served")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(TaskJson));
        var clock = Stopwatch.StartNew();

        await Client().TaskAsync("abc");

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)));
        Assert.That(_server.LogEntries.Count(), Is.EqualTo(2));
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(404)]
    [TestCase(409)]
    public void Client_errors_are_not_retried(int status)
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc")).RespondWith(Response.Create().WithStatusCode(status).WithBody("{}"));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => Client().TaskAsync("abc"));

        Assert.That((int?)error!.StatusCode, Is.EqualTo(status));
        Assert.That(error.Attempts, Is.EqualTo(1));
        Assert.That(_server.LogEntries.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_server_that_never_answers_hits_the_attempt_timeout_and_the_call_ends_in_bounds()
    {
        await using var silent = RawServer.Silent();
        var queue = new Queue(new ClientOptions
        {
            BaseUrl = silent.BaseUrl,
            Retry = Fast with { MaxRetries = 2, AttemptTimeout = TimeSpan.FromMilliseconds(200) },
        });
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.TaskAsync("abc"));

        Assert.That(error!.StatusCode, Is.Null);
        Assert.That(error.Attempts, Is.EqualTo(3));
        Assert.That(error.Message, Does.Contain("timed out"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task The_attempt_timeout_starts_afresh_for_every_call_of_a_client()
    {
        // Calls without a token of their own share a reused timeout source; each must still get the full timeout, and
        // a source that fired must not cut short the calls after it.
        _server.Given(Request.Create().WithPath("/v1/task/steady"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(TaskJson).WithDelay(250));
        _server.Given(Request.Create().WithPath("/v1/task/stuck"))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(TaskJson).WithDelay(5000));
        var queue = Client(Fast with { MaxRetries = 0, AttemptTimeout = TimeSpan.FromMilliseconds(600) });

        // Three calls of 250 ms run well past one timeout in total: each passes only if its timer was started anew.
        for (int i = 0; i < 3; i++) await queue.TaskAsync("steady");
        var clock = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.TaskAsync("stuck"));
        var stuckFor = clock.Elapsed;
        await queue.TaskAsync("steady");

        Assert.That(error!.Message, Does.Contain("timed out"));
        Assert.That(stuckFor, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(_server.LogEntries.Count(e => e.RequestMessage.Path == "/v1/task/steady"), Is.EqualTo(4));
    }

    [Test]
    public async Task A_connection_reset_is_retried()
    {
        await using var resetting = RawServer.Resetting();
        var queue = new Queue(new ClientOptions { BaseUrl = resetting.BaseUrl, Retry = Fast with { MaxRetries = 3 } });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.TaskAsync("abc"));

        Assert.That(error!.Attempts, Is.EqualTo(4));
        Assert.That(error.InnerException, Is.InstanceOf<System.Net.Http.HttpRequestException>());
        Assert.That(resetting.Connections, Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void A_refused_connection_is_retried_and_reported_with_its_cause()
    {
        var queue = new Queue(new ClientOptions { BaseUrl = "http://127.0.0.1:1/v1", Retry = Fast with { MaxRetries = 2 } });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.TaskAsync("abc"));

        Assert.That(error!.Attempts, Is.EqualTo(3));
        Assert.That(error.StatusCode, Is.Null);
        Assert.That(error.InnerException, Is.InstanceOf<System.Net.Http.HttpRequestException>());
    }

    [Test]
    public void Caller_cancellation_during_backoff_stops_at_once()
    {
        _server.Given(Request.Create().WithPath("/v1/task/abc")).RespondWith(Response.Create().WithStatusCode(503));
        var slow = new RetryOptions { BaseDelay = TimeSpan.FromSeconds(20), MaxDelay = TimeSpan.FromSeconds(20) };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        Assert.That(async () => await Client(slow).TaskAsync("abc", cancellation.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(_server.LogEntries.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Caller_cancellation_of_a_hung_attempt_is_not_retried()
    {
        await using var silent = RawServer.Silent();
        var queue = new Queue(new ClientOptions { BaseUrl = silent.BaseUrl, Retry = Fast });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await queue.TaskAsync("abc", cancellation.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(silent.Connections, Is.EqualTo(1));
    }

    [Test]
    public async Task Every_attempt_is_signed_afresh_and_resends_the_body_intact()
    {
        Answer("/v1/task/abc", (500, "{}"), (502, "{}"), (200, TaskStatusJson));
        var payload = new CreateTaskRequest
        {
            ProvisionerId = "p",
            WorkerType = "w",
            Created = DateTimeOffset.UtcNow,
            Deadline = DateTimeOffset.UtcNow.AddHours(1),
            Payload = new JsonObject { ["text"] = "ünïcode body" },
            Metadata = new TaskMetadata { Name = "n", Description = "d", Owner = "o@example.com", Source = "https://example.com" },
        };

        var created = await Client().CreateTaskAsync("abc", payload);

        var requests = _server.LogEntries.Select(e => e.RequestMessage).ToList();
        Assert.That(requests, Has.Count.EqualTo(3));
        var headers = requests.Select(r => r.Headers!["Authorization"].Single()).ToList();
        Assert.That(headers.Distinct().Count(), Is.EqualTo(3), "a fresh nonce for every attempt");
        Assert.That(requests.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the same body every time");
        Assert.That((string?)JsonNode.Parse(requests[0].Body!)!["payload"]!["text"], Is.EqualTo("ünïcode body"));
        Assert.That(created.Status.TaskId, Is.EqualTo("abc"));
        var verifier = new HawkVerifier(id => id == "retry-client" ? Token : null, TimeProvider.System) { RejectReplays = true };
        foreach (var request in requests)
        {
            var verdict = verifier.VerifyHeader(request.Headers!["Authorization"].Single(), "PUT", "/v1/task/abc",
                new Uri(_server.Url!).Host, new Uri(_server.Url!).Port, request.Headers["Content-Type"].Single(), Encoding.UTF8.GetBytes(request.Body!));
            Assert.That(verdict.Accepted, Is.True, verdict.Error);
        }
    }

    [Test]
    public async Task Each_attempt_is_visible_as_an_activity_event_without_secrets()
    {
        Answer("/v1/task/abc", (503, "{}"), (200, TaskJson));
        var events = new List<ActivityEvent>();
        Activity? call = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TaskclusterDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { call = activity; events.AddRange(activity.Events); },
        };
        ActivitySource.AddActivityListener(listener);

        await Client().TaskAsync("abc");

        Assert.That(events.Select(e => e.Name), Is.EqualTo(new[] { "attempt", "attempt" }));
        Assert.That(events[0].Tags.First(t => t.Key == "http.response.status_code").Value, Is.EqualTo(503));
        Assert.That(events[0].Tags.First(t => t.Key == "retry.delay_ms").Value, Is.Not.Null);
        Assert.That(call!.GetTagItem("taskcluster.attempts"), Is.EqualTo(2));
        string everything = string.Join(" ", call.Tags.Select(t => t.Value)) + string.Join(" ", events.SelectMany(e => e.Tags).Select(t => t.Value));
        Assert.That(everything, Does.Not.Contain(Token));
    }

    [Test]
    public void Retry_options_out_of_range_are_argument_errors()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Client(new RetryOptions { MaxRetries = -1 }));

        Assert.That(error!.ParamName, Is.EqualTo("MaxRetries"));
    }

    [Test]
    public void The_backoff_doubles_from_the_base_delay_stays_within_jitter_and_honours_a_longer_Retry_After()
    {
        var retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(30), Jitter = 0.25 };

        var third = HttpPipeline.Backoff(retry, 3, null);
        var capped = HttpPipeline.Backoff(retry, 20, null);
        var asked = HttpPipeline.Backoff(retry, 1, TimeSpan.FromSeconds(7));

        Assert.That(third.TotalMilliseconds, Is.InRange(300, 500));
        Assert.That(capped.TotalSeconds, Is.InRange(22.5, 37.5));
        Assert.That(asked, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }
}
