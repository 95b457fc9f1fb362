using System;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Configuration;

/// <summary>
/// Where a client's credentials and options come from: explicit options, then <see cref="ClientDefaults"/>, then
/// the environment. Process-wide state, so these tests run alone and put everything back.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CredentialsAndDefaultsTests
{
    private EnvironmentScope _environment = null!;

    [SetUp]
    public void ClearEnvironmentAndDefaults()
    {
        _environment = new EnvironmentScope(Credentials.ClientIdVariable, Credentials.AccessTokenVariable);
        ClientDefaults.Reset();
    }

    [TearDown]
    public void RestoreEnvironmentAndDefaults()
    {
        ClientDefaults.Reset();
        _environment.Dispose();
    }

    [Test]
    public async Task Environment_credentials_sign_requests()
    {
        _environment.Set(Credentials.ClientIdVariable, "env-id");
        _environment.Set(Credentials.AccessTokenVariable, "env-token");
        var verifier = new HawkVerifier(id => id == "env-id" ? "env-token" : null, TimeProvider.System);
        await using var server = await HawkServer.StartAsync(verifier);
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.BaseUrl });

        await client.CallAsync("getTask", new[] { "abc" });

        Assert.That(server.Verdicts.Single(), Has.Property(nameof(HawkResult.Id)).EqualTo("env-id").And.Property(nameof(HawkResult.Accepted)).True);
    }

    [Test]
    public async Task Without_environment_or_explicit_credentials_no_authorization_header_is_sent()
    {
        await using var server = await LoopbackServer.StartJsonAsync(200, "{}");
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = server.Origin + "/v1" });

        await client.CallAsync("getTask", new[] { "abc" });

        Assert.That(server.Requests.Single().Header("Authorization"), Is.Null);
    }

    [Test]
    public void Half_a_credential_pair_in_the_environment_is_ignored()
    {
        _environment.Set(Credentials.ClientIdVariable, "env-id");

        var client = TestApiClient.Create("Queue");

        Assert.That(client.ClientId, Is.Null);
    }

    [Test]
    public void Explicit_credentials_win_over_the_environment()
    {
        _environment.Set(Credentials.ClientIdVariable, "env-id");
        _environment.Set(Credentials.AccessTokenVariable, "env-token");

        var client = TestApiClient.Create("Queue", new ClientOptions { Credentials = new Credentials("mine", "tok") });

        Assert.That(client.ClientId, Is.EqualTo("mine"));
    }

    [Test]
    public void Global_defaults_reach_clients_created_afterwards()
    {
        _environment.Set(Credentials.ClientIdVariable, "env-id");
        _environment.Set(Credentials.AccessTokenVariable, "env-token");
        ClientDefaults.Configure(new ClientOptions { Credentials = new Credentials("cfg", "cfg-tok"), AuthorizedScopes = new[] { "a" } });

        var client = TestApiClient.Create("Queue");

        Assert.Multiple(() =>
        {
            Assert.That(client.ClientId, Is.EqualTo("cfg"));
            Assert.That(client.AuthorizedScopes, Is.EqualTo(new[] { "a" }));
        });
    }

    [Test]
    public void Clients_created_before_configure_keep_their_options()
    {
        _environment.Set(Credentials.ClientIdVariable, "env-id");
        _environment.Set(Credentials.AccessTokenVariable, "env-token");
        var before = TestApiClient.Create("Queue");

        ClientDefaults.Configure(new ClientOptions { Credentials = new Credentials("cfg", "cfg-tok"), AuthorizedScopes = new[] { "a" } });

        Assert.Multiple(() =>
        {
            Assert.That(before.ClientId, Is.EqualTo("env-id"));
            Assert.That(before.AuthorizedScopes, Is.Null);
        });
    }

    [Test]
    public void Explicit_options_win_over_global_defaults()
    {
        ClientDefaults.Configure(new ClientOptions { Credentials = new Credentials("cfg", "cfg-tok"), AuthorizedScopes = new[] { "a" } });

        var client = TestApiClient.Create("Queue", new ClientOptions { Credentials = new Credentials("mine", "tok"), AuthorizedScopes = Array.Empty<string>() });

        Assert.Multiple(() =>
        {
            Assert.That(client.ClientId, Is.EqualTo("mine"));
            Assert.That(client.AuthorizedScopes, Is.Empty);
        });
    }

    [Test]
    public void Reset_forgets_the_global_defaults()
    {
        ClientDefaults.Configure(new ClientOptions { Credentials = new Credentials("cfg", "cfg-tok") });

        ClientDefaults.Reset();

        Assert.That(TestApiClient.Create("Queue").ClientId, Is.Null);
    }

    [Test]
    public void Configure_with_a_base_url_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ClientDefaults.Configure(new ClientOptions { BaseUrl = "http://cfg/v1" }));

        Assert.That(error!.ParamName, Is.EqualTo("options"));
    }

    [Test]
    public void Base_url_option_replaces_the_reference_base_url()
    {
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = "http://explicit/v1/" });

        Assert.That(client.BuildUrl("getTask", "abc"), Is.EqualTo("http://explicit/v1/task/abc"));
    }

    [Test]
    public void Without_a_base_url_option_the_reference_base_url_is_used()
    {
        var client = TestApiClient.Create("Queue");

        Assert.That(client.BaseUrl, Is.EqualTo("https://queue.taskcluster.net/v1"));
    }

    [TestCase("queue.taskcluster.net/v1")]
    [TestCase("ftp://queue.taskcluster.net/v1")]
    [TestCase("https://queue.taskcluster.net/v1?x=1")]
    public void A_base_url_that_is_not_an_absolute_http_url_is_refused(string baseUrl)
    {
        var error = Assert.Throws<ArgumentException>(() => TestApiClient.Create("Queue", new ClientOptions { BaseUrl = baseUrl }));

        Assert.That(error!.ParamName, Is.EqualTo(nameof(ClientOptions.BaseUrl)));
    }
}
