using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// A Pulse-like setup on the local broker: a TLS listener with a certificate made here, a virtual host with a '/' in
/// its name, and a user with special characters in name and password whose permissions are Pulse's (queues and
/// exchanges in its own namespace only, any exchange to read from). The TLS listener is started inside the running
/// broker and stopped again, so no configuration file changes and the other tests keep their plain port.
/// </summary>
[NonParallelizable]
[UnsupportedOSPlatform("windows")] // file modes for the broker's user; the broker tests run on Linux
public class PulseTlsTests
{
    private const int TlsPort = 5671;
    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..8];
    private static readonly string VirtualHost = $"taskcluster-tests/pulse-{Suffix}";
    private static readonly string User = $"tc-tests@pulse-{Suffix}";
    private const string Password = "p@ss:w/rd+1 %";
    private const string Exchange = "exchange/taskcluster-queue/v1/task-completed";

    private string _directory = null!;
    private X509Certificate2 _authority = null!;

    private static string TlsConnectionString =>
        ConnectionOptions.BuildConnectionString(User, Password, "127.0.0.1", VirtualHost, tls: true, port: TlsPort);

    [OneTimeSetUp]
    public async Task StartTlsAndPulseUserAsync()
    {
        _directory = Directory.CreateTempSubdirectory("taskcluster-tls-").FullName;
        // The broker runs as its own user and must read the certificate and key.
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        (_authority, var server, var key) = MakeCertificates();
        string certFile = Write("server.pem", server.ExportCertificatePem());
        string keyFile = Write("server-key.pem", key);
        await StopTlsListenerAsync();
        await Broker.RabbitmqctlAsync("eval",
            $"rabbit_networking:start_ssl_listener({TlsPort}, [{{certfile, \"{certFile}\"}}, {{keyfile, \"{keyFile}\"}}], 1).");
        await Broker.WaitForPortAsync(TlsPort);

        await Broker.RabbitmqctlAsync("add_vhost", VirtualHost);
        await Broker.RabbitmqctlAsync("add_user", User, Password);
        string own = $"^(queue/{User}/.*|exchange/{User}/.*)$";
        await Broker.RabbitmqctlAsync("set_permissions", "-p", VirtualHost, User, own, own, $"^(queue/{User}/.*|exchange/.*)$");
        // The publishing side (TaskCluster's services) may do anything in the virtual host.
        await Broker.RabbitmqctlAsync("set_permissions", "-p", VirtualHost, "guest", ".*", ".*", ".*");
        await using var admin = await PublisherAsync();
        await using var channel = await admin.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true);
    }

    [OneTimeTearDown]
    public async Task StopTlsAndPulseUserAsync()
    {
        // Each step on its own: a set-up that failed half-way leaves some of these undone.
        try { await Broker.RabbitmqctlAsync("delete_user", User); } catch (InvalidOperationException) { }
        try { await Broker.RabbitmqctlAsync("delete_vhost", VirtualHost); } catch (InvalidOperationException) { }
        try { await StopTlsListenerAsync(); } catch (InvalidOperationException) { }
        Directory.Delete(_directory, recursive: true);
    }

    [SetUp]
    public async Task EnsureTlsListenerAsync()
    {
        // Another fixture may have restarted the broker, which drops a listener started at run time.
        if (!await PortOpenAsync(TlsPort))
        {
            await Broker.RabbitmqctlAsync("eval",
                $"rabbit_networking:start_ssl_listener({TlsPort}, [{{certfile, \"{Path.Combine(_directory, "server.pem")}\"}}, {{keyfile, \"{Path.Combine(_directory, "server-key.pem")}\"}}], 1).");
            await Broker.WaitForPortAsync(TlsPort);
        }
    }

    [Test]
    public async Task A_listener_over_amqps_with_vhost_and_encoded_credentials_receives_in_its_namespace()
    {
        await using var connection = new Connection(new ConnectionOptions
        {
            ConnectionString = TlsConnectionString,
            ServerCertificateValidation = TrustTestAuthority,
        });
        await using var listener = new Listener(new ListenerOptions { Connection = connection, QueueName = "events" });
        var received = new Received(listener);
        await listener.BindAsync(new Binding(Exchange, "primary.#"));
        await listener.ResumeAsync().WithTimeout();

        await using (var publisher = await PublisherAsync())
        await using (var channel = await Broker.ConfirmChannelAsync(publisher))
        {
            await Broker.PublishAsync(channel, Exchange, AmqpFixture.Key("abc"), AmqpFixture.Body(7));
        }
        await received.WaitForAsync(1);
        await listener.DeleteQueueAsync().WithTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(listener.QueueName, Is.EqualTo($"queue/{User}/events"));
            Assert.That(connection.Endpoint, Is.EqualTo($"amqps://127.0.0.1:{TlsPort}/{Uri.EscapeDataString(VirtualHost)}"));
            Assert.That(received.Messages.Select(AmqpFixture.IdOf), Is.EqualTo(new[] { 7 }));
        });
    }

    [Test]
    public async Task A_certificate_from_an_authority_the_system_does_not_trust_is_refused()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = TlsConnectionString });

        var ex = Assert.ThrowsAsync<AmqpConnectionException>(() => connection.ConnectAsync().WithTimeout());

        Assert.Multiple(() =>
        {
            // Refused for the certificate, not for an unreachable port.
            Assert.That(ex!.Message, Does.Contain("certificate"));
            Assert.That(ex.Message, Does.Not.Contain(Password));
        });
    }

    [Test]
    public async Task A_queue_outside_the_user_s_namespace_is_refused_with_a_hint()
    {
        await using var connection = new Connection(new ConnectionOptions
        {
            ConnectionString = TlsConnectionString,
            ServerCertificateValidation = TrustTestAuthority,
        });
        await using var listener = new Listener(new ListenerOptions { Connection = connection, QueueName = "queue/someone-else/events" });

        var ex = Assert.ThrowsAsync<AmqpChannelException>(() => listener.ConnectAsync().WithTimeout());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ReplyCode, Is.EqualTo(403));
            Assert.That(ex.Message, Does.Contain($"queue/{User}/..."));
        });
    }

    [Test]
    public async Task Binding_to_an_exchange_the_user_may_not_read_is_refused_and_the_listener_goes_on()
    {
        await using var connection = new Connection(new ConnectionOptions
        {
            ConnectionString = TlsConnectionString,
            ServerCertificateValidation = TrustTestAuthority,
        });
        await using var listener = new Listener(new ListenerOptions { Connection = connection });
        var received = new Received(listener);
        await listener.BindAsync(new Binding(Exchange, "primary.#"));
        await listener.ResumeAsync().WithTimeout();

        // amq.direct is not named exchange/..., so Pulse-style permissions do not let the user read it.
        var ex = Assert.ThrowsAsync<AmqpChannelException>(() => listener.BindAsync(new Binding("amq.direct", "x")).WithTimeout());
        await using (var publisher = await PublisherAsync())
        await using (var channel = await Broker.ConfirmChannelAsync(publisher))
        {
            await Broker.PublishAsync(channel, Exchange, AmqpFixture.Key("abc"), AmqpFixture.Body(8));
        }
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ReplyCode, Is.EqualTo(403));
            Assert.That(listener.Bindings.Select(b => b.Exchange), Is.EqualTo(new[] { Exchange }));
        });
    }

    private bool TrustTestAuthority(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // The host name must still match; only the root is ours instead of the system's.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    private static Task<IConnection> PublisherAsync() =>
        new ConnectionFactory
        {
            Uri = new Uri(ConnectionOptions.BuildConnectionString("guest", "guest", "127.0.0.1", VirtualHost, tls: false)),
            ClientProvidedName = "taskcluster-tests pulse publisher",
        }.CreateConnectionAsync();

    private static (X509Certificate2 Authority, X509Certificate2 Server, string ServerKeyPem) MakeCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=taskcluster-tests authority", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var authority = authorityRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var server = serverRequest.Create(authority, now.AddHours(-1), now.AddDays(1), Guid.NewGuid().ToByteArray());
        return (authority, server, serverKey.ExportPkcs8PrivateKeyPem());
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    private static async Task StopTlsListenerAsync()
    {
        if (await PortOpenAsync(TlsPort)) await Broker.RabbitmqctlAsync("eval", $"rabbit_networking:stop_tcp_listener({TlsPort}).");
    }

    private static async Task<bool> PortOpenAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
