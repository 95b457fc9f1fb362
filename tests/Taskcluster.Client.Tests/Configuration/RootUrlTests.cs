using System;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Configuration;

/// <summary>
/// Where a today's-format client's root URL comes from: its options, then <see cref="ClientDefaults"/>, then
/// <c>TASKCLUSTER_ROOT_URL</c>; never a built-in default. Process-wide state, so these tests run alone.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RootUrlTests
{
    private const string Variable = "TASKCLUSTER_ROOT_URL";
    private static readonly Reference s_reference = Reference.Parse("""
        { "serviceName": "secrets", "apiVersion": "v1", "entries": [
          { "type": "function", "name": "get", "method": "get", "route": "/secret/<name>", "args": ["name"], "query": [] } ] }
        """);

    private EnvironmentScope _environment = null!;

    [SetUp]
    public void ClearEnvironmentAndDefaults()
    {
        _environment = new EnvironmentScope(Variable);
        ClientDefaults.Reset();
    }

    [TearDown]
    public void RestoreEnvironmentAndDefaults()
    {
        ClientDefaults.Reset();
        _environment.Dispose();
    }

    [Test]
    public void Options_win_over_defaults_and_the_environment()
    {
        _environment.Set(Variable, "https://env.example.com");
        ClientDefaults.Configure(new ClientOptions { RootUrl = "https://defaults.example.com" });

        var client = s_reference.CreateApiClient(new ClientOptions { RootUrl = "https://options.example.com///" });

        Assert.That(client.BaseUrl, Is.EqualTo("https://options.example.com/api/secrets/v1"));
    }

    [Test]
    public void Defaults_win_over_the_environment()
    {
        _environment.Set(Variable, "https://env.example.com");
        ClientDefaults.Configure(new ClientOptions { RootUrl = "https://defaults.example.com" });

        Assert.That(s_reference.CreateApiClient().BaseUrl, Is.EqualTo("https://defaults.example.com/api/secrets/v1"));
    }

    [Test]
    public void The_environment_is_read_when_nothing_else_names_a_deployment()
    {
        _environment.Set(Variable, "http://127.0.0.1:8080/");

        Assert.That(s_reference.CreateApiClient().BuildUrl("get", "a/b"), Is.EqualTo("http://127.0.0.1:8080/api/secrets/v1/secret/a%2Fb"));
    }

    [Test]
    public void A_base_url_overrides_the_root_url()
    {
        var client = s_reference.CreateApiClient(new ClientOptions { RootUrl = "https://tc.example.com", BaseUrl = "http://127.0.0.1:9/custom" });

        Assert.That(client.BaseUrl, Is.EqualTo("http://127.0.0.1:9/custom"));
    }

    [Test]
    public void Without_any_root_url_construction_says_how_to_set_one()
    {
        var error = Assert.Throws<ArgumentException>(() => s_reference.CreateApiClient());

        Assert.That(error!.Message, Does.Contain("ClientOptions.RootUrl").And.Contain(Variable));
        Assert.That(error.ParamName, Is.EqualTo("options"));
    }

    [TestCase("tc.example.com")]
    [TestCase("ftp://tc.example.com")]
    [TestCase("https://tc.example.com/?x=1")]
    public void A_root_url_that_is_not_an_http_url_is_refused(string rootUrl)
    {
        var error = Assert.Throws<ArgumentException>(() => s_reference.CreateApiClient(new ClientOptions { RootUrl = rootUrl }));

        Assert.That(error!.Message, Does.Contain(rootUrl));
    }

    [Test]
    public void The_defaults_accept_a_root_url()
    {
        Assert.DoesNotThrow(() => ClientDefaults.Configure(new ClientOptions { RootUrl = "https://tc.example.com" }));
    }
}
