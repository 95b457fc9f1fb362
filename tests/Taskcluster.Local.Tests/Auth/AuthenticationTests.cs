using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Auth;

[TestFixture]
public sealed class AuthenticationTests
{
    private LocalTaskcluster _tc = null!;
    private readonly LocalClient _limited = new("limited", "limited-token", TaskDefinitions.CreateScopes("prov", "wt"));

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new LocalTaskclusterOptions();
        options.Clients.Add(_limited);
        _tc = await LocalTaskcluster.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    [Test]
    public async Task A_request_signed_with_the_wrong_key_is_rejected_with_401_and_a_TaskCluster_error_body()
    {
        var queue = new Queue(_tc.ClientOptions("queue", new Credentials("limited", "not-the-token")));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid()));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var body = JsonDocument.Parse(error.Body!);
        Assert.That(body.RootElement.GetProperty("code").GetString(), Is.EqualTo("AuthenticationFailed"));
        Assert.That(error.ServerMessage, Does.Contain("Bad mac"));
    }

    [Test]
    public void An_unknown_client_is_rejected()
    {
        var queue = new Queue(_tc.ClientOptions("queue", new Credentials("nobody", "x")));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.TaskAsync(Slugid.Nice()));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.ServerMessage, Does.Contain("Unknown client"));
    }

    [Test]
    public void A_stale_timestamp_is_rejected()
    {
        var skewed = new ShiftedClock(TimeSpan.FromMinutes(-20));
        var queue = new Queue(_tc.ClientOptions("queue", _limited.Credentials) with { TimeProvider = skewed });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid()));

        Assert.That(error!.ServerMessage, Does.Contain("Stale timestamp"));
    }

    [Test]
    public async Task A_replayed_request_is_rejected()
    {
        var capture = new CapturingHandler();
        var queue = new Queue(_tc.ClientOptions("queue") with { HttpClient = new HttpClient(capture) });
        string taskId = Slugid.Nice();
        await queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());

        using var replay = new HttpRequestMessage(HttpMethod.Get, _tc.BaseUrl("queue") + "/task/" + taskId);
        await queue.TaskAsync(taskId);
        replay.Headers.TryAddWithoutValidation("Authorization", capture.LastAuthorization);
        using var http = new HttpClient();
        using var response = await http.SendAsync(replay);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Replayed nonce"));
    }

    [Test]
    public async Task Scopes_of_the_entry_are_enforced_with_parameters_from_the_payload()
    {
        var queue = new Queue(_tc.ClientOptions("queue", _limited.Credentials));

        var allowed = await queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid("prov", "wt"));
        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid("prov", "other")));

        Assert.That(allowed.Status.State, Is.EqualTo(TaskStatusState.Pending));
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.ServerMessage, Does.Contain("queue:create-task:lowest:prov/other"));
    }

    [Test]
    public void Authorized_scopes_restrict_what_the_client_may_do()
    {
        var queue = new Queue(_tc.ClientOptions("queue", _limited.Credentials) with { AuthorizedScopes = new[] { "queue:scheduler-id:-" } });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid()));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public void Authorized_scopes_beyond_the_clients_own_are_refused()
    {
        var queue = new Queue(_tc.ClientOptions("queue", _limited.Credentials) with { AuthorizedScopes = new[] { "queue:*" } });

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid()));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.ServerMessage, Does.Contain("authorizedScopes"));
    }

    [Test]
    public async Task A_signed_url_is_accepted_until_it_expires()
    {
        var clock = new ShiftedClock(TimeSpan.Zero);
        await using var tc = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions { TimeProvider = clock });
        var queue = new Queue(tc.ClientOptions("queue"));
        string taskId = Slugid.Nice();
        await queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());
        string url = queue.TaskSignedUrl(taskId, TimeSpan.FromMinutes(1));
        using var http = new HttpClient();

        using var fresh = await http.GetAsync(url);
        clock.Shift = TimeSpan.FromMinutes(2);
        using var expired = await http.GetAsync(url);

        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_tampered_signed_url_is_rejected()
    {
        var queue = new Queue(_tc.ClientOptions("queue"));
        string taskId = Slugid.Nice();
        await queue.CreateTaskAsync(taskId, TaskDefinitions.Valid());
        string url = queue.TaskSignedUrl(taskId).Replace(taskId, Slugid.Nice());
        using var http = new HttpClient();

        using var response = await http.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Anonymous_requests_reach_entries_that_need_no_scopes_only()
    {
        var anonymous = new Queue(new ClientOptions { RootUrl = _tc.RootUrl });
        string taskId = Slugid.Nice();
        await new Queue(_tc.ClientOptions("queue")).CreateTaskAsync(taskId, TaskDefinitions.Valid());

        Assert.DoesNotThrowAsync(() => anonymous.PingAsync());
        var error = Assert.ThrowsAsync<TaskclusterException>(() => anonymous.TaskAsync(taskId));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.ServerMessage, Does.Contain($"queue:get-task:{taskId}").And.Contain("(anonymous)"));
    }

    private sealed class ShiftedClock : TimeProvider
    {
        public ShiftedClock(TimeSpan shift) => Shift = shift;

        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }

    private sealed class CapturingHandler : DelegatingHandler
    {
        public CapturingHandler() : base(new SocketsHttpHandler { AllowAutoRedirect = false }) { }

        public string? LastAuthorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastAuthorization = request.Headers.TryGetValues("Authorization", out var values) ? values.First() : null;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
