using System;
using System.Net.Http;
using System.Security.Cryptography;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Browser;

/// <summary>
/// The browser's branches of the runtime, taken on a server through <see cref="BrowserPlatform.SimulateBrowser"/>.
/// The real browser runs them in tests/Taskcluster.Browser.Tests; these pin each decision on its own.
/// </summary>
[TestFixture]
public sealed class BrowserPlatformTests
{
    [Test]
    public void In_a_browser_requests_go_through_the_fetch_backed_handler_that_follows_redirects_itself()
    {
        using var _ = BrowserPlatform.SimulateBrowser();

        using var handler = ResolvedOptions.CreateDefaultHandler();

        Assert.That(handler, Is.TypeOf<HttpClientHandler>());
        Assert.That(((HttpClientHandler)handler).AllowAutoRedirect, Is.True);
    }

    [Test]
    public void On_a_server_requests_go_through_sockets_and_the_pipeline_follows_redirects()
    {
        using var handler = ResolvedOptions.CreateDefaultHandler();

        Assert.That(handler, Is.TypeOf<SocketsHttpHandler>());
        Assert.That(((SocketsHttpHandler)handler).AllowAutoRedirect, Is.False);
    }

    [Test]
    public void In_a_browser_keys_sign_with_the_platform_HMAC_and_never_OpenSSL()
    {
        byte[] key = "browser-key"u8.ToArray();
        byte[] data = "hawk.1.header\n1353832234\nj4h3g2\nGET\n/resource\nexample.com\n8080\n\n\n"u8.ToArray();
        byte[] mac = new byte[32];
        HmacSha256Key prepared;
        using (BrowserPlatform.SimulateBrowser())
        {
            prepared = new HmacSha256Key(key);
        }

        prepared.Compute(data, mac);

        Assert.That(prepared.UsesOpenSsl, Is.False);
        Assert.That(mac, Is.EqualTo(HMACSHA256.HashData(key, data)));
    }

    [Test]
    public void A_server_key_is_unaffected_by_a_browser_simulated_elsewhere()
    {
        // The simulation is per async flow: a test simulating a browser must not switch other code's signing.
        using (BrowserPlatform.SimulateBrowser()) { }

        Assert.That(new HmacSha256Key(new byte[] { 1 }).UsesOpenSsl, Is.EqualTo(OpenSslSha256.IsAvailable));
    }

    [Test]
    public void Constructing_a_listener_in_a_browser_says_it_cannot_run_there()
    {
        using var _ = BrowserPlatform.SimulateBrowser();

        var error = Assert.Throws<PlatformNotSupportedException>(() => new Listener(new ListenerOptions { ConnectionString = "amqp://localhost" }));

        Assert.That(error!.Message, Does.Contain("Listener cannot run in a browser"));
    }

    [Test]
    public void Constructing_a_connection_in_a_browser_says_it_cannot_run_there()
    {
        using var _ = BrowserPlatform.SimulateBrowser();

        var error = Assert.Throws<PlatformNotSupportedException>(() => new Connection(new ConnectionOptions { ConnectionString = "amqp://localhost" }));

        Assert.That(error!.Message, Does.Contain("Connection cannot run in a browser"));
    }

    [Test]
    public void On_a_server_a_connection_is_constructed_as_before()
    {
        Assert.DoesNotThrow(() => new Connection(new ConnectionOptions { ConnectionString = "amqp://localhost" }));
    }
}
