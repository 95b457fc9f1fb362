using System;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

public class ConnectionTests
{
    [Test]
    public async Task Connecting_twice_returns_the_same_connection()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString });

        var first = await connection.ConnectAsync().WithTimeout();
        var second = await connection.ConnectAsync().WithTimeout();

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public async Task Closing_twice_is_harmless_and_leaves_the_connection_closed()
    {
        var connection = new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString });
        await connection.ConnectAsync().WithTimeout();

        await connection.CloseAsync().WithTimeout();
        await connection.CloseAsync().WithTimeout();

        Assert.That(connection.IsOpen, Is.False);
    }

    [Test]
    public async Task Connecting_to_a_closed_port_fails_clearly_without_the_password()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = "amqp://guest:secret-pass@127.0.0.1:1/" });

        var ex = Assert.ThrowsAsync<AmqpConnectionException>(() => connection.ConnectAsync().WithTimeout());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("amqp://127.0.0.1:1/"));
            Assert.That(ex.Message, Does.Not.Contain("secret-pass"));
            Assert.That(ex.Endpoint, Is.EqualTo("amqp://127.0.0.1:1/"));
        });
    }

    [Test]
    public async Task A_listener_whose_connect_failed_fails_again_rather_than_hanging()
    {
        await using var listener = new Listener(new ListenerOptions { ConnectionString = "amqp://guest:guest@127.0.0.1:1/" });
        Assert.ThrowsAsync<AmqpConnectionException>(() => listener.ConnectAsync().WithTimeout());

        var second = Assert.ThrowsAsync<AmqpConnectionException>(() => listener.ResumeAsync().WithTimeout());

        Assert.That(second, Is.Not.Null);
    }

    [Test]
    public async Task A_listener_owning_its_connection_closes_it()
    {
        var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString });
        await listener.ResumeAsync().WithTimeout();

        await listener.CloseAsync().WithTimeout();

        Assert.That(listener.Connection.IsOpen, Is.False);
    }

    [Test]
    public async Task A_listener_names_its_own_connection_after_its_queue()
    {
        await using var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString });

        var connection = await listener.Connection.ConnectAsync().WithTimeout();

        Assert.That(connection.ClientProvidedName, Does.Contain(listener.QueueName));
    }
}
