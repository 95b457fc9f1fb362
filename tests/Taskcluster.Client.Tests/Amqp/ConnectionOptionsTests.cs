using System;
using System.Net.Security;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>Connection strings as Pulse hands them out: amqps, virtual hosts and percent-encoded credentials.</summary>
public class ConnectionOptionsTests
{
    [Test]
    public async Task Credentials_and_virtual_host_are_percent_decoded()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = "amqps://us%40er:p%3Ass%2Fw%2B1@pulse.example.com/my%2Fvhost" });

        Assert.Multiple(() =>
        {
            Assert.That(connection.UserName, Is.EqualTo("us@er"));
            Assert.That(connection.VirtualHost, Is.EqualTo("my/vhost"));
            Assert.That(connection.Endpoint, Is.EqualTo("amqps://pulse.example.com:5671/my%2Fvhost"));
        });
    }

    [Test]
    public async Task An_amqp_uri_without_a_port_uses_5672_and_the_default_virtual_host()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = "amqp://user:pass@broker" });

        Assert.Multiple(() =>
        {
            Assert.That(connection.Endpoint, Is.EqualTo("amqp://broker:5672/"));
            Assert.That(connection.VirtualHost, Is.EqualTo("/"));
        });
    }

    [Test]
    public async Task A_uri_without_credentials_logs_in_as_guest()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = "amqp://127.0.0.1/" });

        Assert.That(connection.UserName, Is.EqualTo("guest"));
    }

    [Test]
    public void A_path_of_two_segments_is_rejected_with_a_hint_to_encode_the_slash()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Connection(new ConnectionOptions { ConnectionString = "amqp://u:p@host/a/b" }));

        Assert.That(ex!.Message, Does.Contain("%2F"));
    }

    [Test]
    public async Task An_amqps_connection_checks_the_host_name_as_https_does()
    {
        // RabbitMQ.Client's own default for amqps URIs accepts a certificate issued for another name.
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = "amqps://u:p@host/" });

        Assert.That(connection.FactoryForTesting.Ssl.AcceptablePolicyErrors, Is.EqualTo(SslPolicyErrors.None));
    }

    [Test]
    public async Task Heartbeat_and_connect_timeout_default_to_what_TaskCluster_s_consumers_use()
    {
        var options = new ConnectionOptions { ConnectionString = "amqp://u:p@host/" };
        await using var connection = new Connection(options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Heartbeat, Is.EqualTo(TimeSpan.FromSeconds(120)));
            Assert.That(options.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(connection.FactoryForTesting.RequestedHeartbeat, Is.EqualTo(TimeSpan.FromSeconds(120)));
            Assert.That(connection.FactoryForTesting.RequestedConnectionTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        });
    }

    [Test]
    public async Task The_requested_heartbeat_reaches_the_broker()
    {
        // The broker offers 60 s and the lower value wins, so ask for less to see ours applied.
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString, Heartbeat = TimeSpan.FromSeconds(17) });

        var opened = await connection.ConnectAsync().WithTimeout();

        Assert.That(opened.Heartbeat, Is.EqualTo(TimeSpan.FromSeconds(17)));
    }

    [Test]
    public void BuildConnectionString_encodes_every_part()
    {
        string built = ConnectionOptions.BuildConnectionString("us@er", "p:ss/w+1", "pulse.example.com", "my/vhost");

        Assert.That(built, Is.EqualTo("amqps://us%40er:p%3Ass%2Fw%2B1@pulse.example.com:5671/my%2Fvhost"));
    }

    [Test]
    public async Task A_built_connection_string_reads_back_the_same_parts()
    {
        string built = ConnectionOptions.BuildConnectionString("us@er:x", "p:ss/w+1 %", "host", "/", tls: false);
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = built });

        Assert.Multiple(() =>
        {
            Assert.That(connection.UserName, Is.EqualTo("us@er:x"));
            Assert.That(connection.FactoryForTesting.Password, Is.EqualTo("p:ss/w+1 %"));
            Assert.That(connection.VirtualHost, Is.EqualTo("/"));
            Assert.That(connection.Endpoint, Is.EqualTo("amqp://host:5672/"));
        });
    }
}

/// <summary>The PULSE_* variables TaskCluster deployments configure their Pulse connection with.</summary>
[NonParallelizable]
public class PulseEnvironmentTests
{
    private static readonly string[] Variables =
    {
        ConnectionOptions.PulseUserNameVariable, ConnectionOptions.PulsePasswordVariable, ConnectionOptions.PulseHostNameVariable,
        ConnectionOptions.PulseVirtualHostVariable, ConnectionOptions.PulseAmqpsVariable,
    };

    private string?[] _saved = Array.Empty<string?>();

    [SetUp]
    public void Save()
    {
        _saved = Array.ConvertAll(Variables, Environment.GetEnvironmentVariable);
        foreach (var name in Variables) Environment.SetEnvironmentVariable(name, null);
    }

    [TearDown]
    public void Restore()
    {
        for (int i = 0; i < Variables.Length; i++) Environment.SetEnvironmentVariable(Variables[i], _saved[i]);
    }

    [Test]
    public void Without_the_variables_there_are_no_options()
    {
        Assert.That(ConnectionOptions.FromPulseEnvironment(), Is.Null);
    }

    [Test]
    public void The_variables_make_an_amqps_connection_string_with_encoded_parts()
    {
        Environment.SetEnvironmentVariable("PULSE_USERNAME", "my-user");
        Environment.SetEnvironmentVariable("PULSE_PASSWORD", "p@ss/word");
        Environment.SetEnvironmentVariable("PULSE_HOSTNAME", "pulse.example.com");
        Environment.SetEnvironmentVariable("PULSE_VHOST", "tc/vhost");

        var options = ConnectionOptions.FromPulseEnvironment();

        Assert.That(options!.ConnectionString, Is.EqualTo("amqps://my-user:p%40ss%2Fword@pulse.example.com:5671/tc%2Fvhost"));
    }

    [Test]
    public void PULSE_AMQPS_false_turns_tls_off_and_the_vhost_defaults_to_slash()
    {
        Environment.SetEnvironmentVariable("PULSE_USERNAME", "u");
        Environment.SetEnvironmentVariable("PULSE_PASSWORD", "p");
        Environment.SetEnvironmentVariable("PULSE_HOSTNAME", "rabbitmq");
        Environment.SetEnvironmentVariable("PULSE_AMQPS", "false");

        var options = ConnectionOptions.FromPulseEnvironment();

        Assert.That(options!.ConnectionString, Is.EqualTo("amqp://u:p@rabbitmq:5672/%2F"));
    }

    [Test]
    public void Half_the_variables_is_an_error_that_names_the_missing_ones_without_values()
    {
        Environment.SetEnvironmentVariable("PULSE_USERNAME", "u");
        Environment.SetEnvironmentVariable("PULSE_PASSWORD", "secret-value");

        var ex = Assert.Throws<InvalidOperationException>(() => ConnectionOptions.FromPulseEnvironment());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("missing: PULSE_HOSTNAME"));
            Assert.That(ex.Message, Does.Not.Contain("secret-value"));
        });
    }
}
