using System;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local.Tests.Auth;

/// <summary>Temporary credentials made by the SDK, checked by the stand-in the way TaskCluster's auth service checks them.</summary>
[TestFixture]
public sealed class TemporaryCredentialsTests
{
    private LocalTaskcluster _tc = null!;
    private readonly LocalClient _issuer = new("issuer", "issuer-token", new[]
    {
        "queue:create-task:project:none", "queue:scheduler-id:-", "queue:create-task:lowest:prov/*", "queue:get-task:*", "auth:create-client:worker/*",
    });

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = new LocalTaskclusterOptions();
        options.Clients.Add(_issuer);
        _tc = await LocalTaskcluster.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _tc.DisposeAsync();

    private Credentials Temporary(string[] scopes, string? name = null, DateTimeOffset? start = null, TimeSpan? lifetime = null)
    {
        var from = start ?? DateTimeOffset.UtcNow;
        return _issuer.Credentials.CreateTemporary(new TemporaryCredentialsOptions
        {
            Scopes = scopes,
            Start = from,
            Expiry = from + (lifetime ?? TimeSpan.FromHours(1)),
            ClientId = name,
        });
    }

    [Test]
    public async Task Unnamed_temporary_credentials_are_accepted_with_the_certificates_scopes()
    {
        var queue = new Queue(_tc.ClientOptions("queue", Temporary(TaskDefinitions.CreateScopes("prov", "wt"))));

        var created = await queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid("prov", "wt"));
        var refused = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid("prov", "other")));

        Assert.That(created.Status.State, Is.EqualTo(TaskStatusState.Pending));
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Named_temporary_credentials_are_accepted_when_the_issuer_may_create_that_client()
    {
        var queue = new Queue(_tc.ClientOptions("queue", Temporary(TaskDefinitions.CreateScopes("prov", "wt"), "worker/1")));

        var created = await queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid("prov", "wt"));

        Assert.That(created.Status.State, Is.EqualTo(TaskStatusState.Pending));
    }

    [Test]
    public void Named_temporary_credentials_outside_the_issuers_create_client_scope_are_refused()
    {
        var queue = new Queue(_tc.ClientOptions("queue", Temporary(TaskDefinitions.CreateScopes("prov", "wt"), "admin")));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid("prov", "wt")));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.ServerMessage, Does.Contain("auth:create-client:admin"));
    }

    [Test]
    public void Expired_temporary_credentials_are_refused()
    {
        var stale = Temporary(TaskDefinitions.CreateScopes("prov", "wt"), start: DateTimeOffset.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1));
        var queue = new Queue(_tc.ClientOptions("queue", stale));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid("prov", "wt")));

        Assert.That(error!.ServerMessage, Does.Contain("expired"));
    }

    [Test]
    public void A_certificate_that_grants_more_than_was_signed_is_refused()
    {
        var genuine = Temporary(TaskDefinitions.CreateScopes("prov", "wt"));
        var certificate = JsonNode.Parse(genuine.Certificate!)!.AsObject();
        var widened = new JsonArray();
        foreach (string scope in TaskDefinitions.CreateScopes("prov", "*")) widened.Add(scope);
        certificate["scopes"] = widened;
        var forged = new Credentials(genuine.ClientId, genuine.AccessToken, certificate.ToJsonString());
        var queue = new Queue(_tc.ClientOptions("queue", forged));

        var error = Assert.ThrowsAsync<TaskclusterException>(() => queue.CreateTaskAsync(Slugid.Nice(), TaskDefinitions.Valid("prov", "other")));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(error.ServerMessage, Does.Contain("certificate signature"));
    }

    [Test]
    public async Task A_signed_url_made_with_temporary_credentials_is_accepted()
    {
        var root = new Queue(_tc.ClientOptions("queue"));
        string taskId = Slugid.Nice();
        await root.CreateTaskAsync(taskId, TaskDefinitions.Valid());
        var temporary = new Queue(_tc.ClientOptions("queue", Temporary(new[] { "queue:get-task:" + taskId })));
        using var http = new System.Net.Http.HttpClient();

        using var response = await http.GetAsync(temporary.TaskSignedUrl(taskId));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
