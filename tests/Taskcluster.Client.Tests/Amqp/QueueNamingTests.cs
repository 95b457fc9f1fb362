using System;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>Pulse's queue names: <c>queue/&lt;namespace&gt;/&lt;name&gt;</c>, the namespace being the user by default.</summary>
public class QueueNamingTests
{
    [Test]
    public void A_named_queue_is_made_in_the_connection_user_s_namespace()
    {
        var listener = new Listener(new ListenerOptions { ConnectionString = "amqps://my-user:pw@pulse.example.com/", QueueName = "builds" });

        Assert.Multiple(() =>
        {
            Assert.That(listener.QueueName, Is.EqualTo("queue/my-user/builds"));
            Assert.That(listener.Namespace, Is.EqualTo("my-user"));
        });
    }

    [Test]
    public void The_namespace_comes_from_the_decoded_user_name()
    {
        var listener = new Listener(new ListenerOptions { ConnectionString = "amqps://my%2Duser%40ci:pw@pulse.example.com/", QueueName = "builds" });

        Assert.That(listener.QueueName, Is.EqualTo("queue/my-user@ci/builds"));
    }

    [Test]
    public void A_namespace_option_replaces_the_user_name()
    {
        var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString, Namespace = "team", QueueName = "builds" });

        Assert.That(listener.QueueName, Is.EqualTo("queue/team/builds"));
    }

    [Test]
    public void A_name_that_starts_with_queue_is_used_as_given()
    {
        var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString, Namespace = "team", QueueName = "queue/other/builds" });

        Assert.That(listener.QueueName, Is.EqualTo("queue/other/builds"));
    }

    [Test]
    public void An_exclusive_queue_gets_a_random_id_in_the_namespace()
    {
        var first = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString, Namespace = "team" });
        var second = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString, Namespace = "team" });

        Assert.Multiple(() =>
        {
            Assert.That(first.QueueName, Does.Match("^queue/team/[A-Za-z0-9_-]{22}$"));
            Assert.That(second.QueueName, Is.Not.EqualTo(first.QueueName));
        });
    }

    [Test]
    public async Task A_shared_connection_s_user_is_the_default_namespace()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = "amqp://shared-user:pw@127.0.0.1/" });

        var listener = new Listener(new ListenerOptions { Connection = connection, QueueName = "builds" });

        Assert.That(listener.QueueName, Is.EqualTo("queue/shared-user/builds"));
    }

    [Test]
    public void A_full_name_over_255_bytes_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString, QueueName = new string('q', 250) }));

        Assert.That(ex!.Message, Does.Contain("255"));
    }
}
