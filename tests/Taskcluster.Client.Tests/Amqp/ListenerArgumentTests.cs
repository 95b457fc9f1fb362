using System;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

public class ListenerArgumentTests
{
    [Test]
    public void A_listener_without_connection_or_connection_string_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Listener(new ListenerOptions()));

        Assert.That(ex!.Message, Does.Contain("Connection").And.Contain("ConnectionString"));
    }

    [Test]
    public async System.Threading.Tasks.Task A_listener_with_both_connection_and_connection_string_is_rejected()
    {
        await using var connection = new Connection(new ConnectionOptions { ConnectionString = Broker.ConnectionString });

        var ex = Assert.Throws<ArgumentException>(() =>
            new Listener(new ListenerOptions { Connection = connection, ConnectionString = Broker.ConnectionString }));

        Assert.That(ex!.Message, Does.Contain("not both"));
    }

    [Test]
    public async System.Threading.Tasks.Task Binding_null_is_rejected()
    {
        await using var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString });

        var ex = Assert.ThrowsAsync<ArgumentNullException>(() => listener.BindAsync(null!));

        Assert.That(ex!.ParamName, Is.EqualTo("binding"));
    }

    [Test]
    public async System.Threading.Tasks.Task A_typed_handler_needs_a_binding_and_a_handler()
    {
        await using var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString });
        var binding = new Binding<Taskcluster.Models.Queue.TaskCompletedMessage>("x", "#", null,
            Taskcluster.Models.Queue.QueueJsonContext.Default.TaskCompletedMessage);

        var noBinding = Assert.Throws<ArgumentNullException>(() =>
            listener.OnMessage<Taskcluster.Models.Queue.TaskCompletedMessage>(null!, (_, _) => System.Threading.Tasks.Task.CompletedTask));
        var noHandler = Assert.Throws<ArgumentNullException>(() => listener.OnMessage(binding, null!));

        Assert.That(new[] { noBinding!.ParamName, noHandler!.ParamName }, Is.EqualTo(new[] { "binding", "handler" }));
        Assert.That(listener.Bindings, Is.Empty, "nothing was added");
    }

    [Test]
    public async System.Threading.Tasks.Task A_typed_handler_on_a_closed_listener_is_refused()
    {
        var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString });
        await listener.CloseAsync();
        var binding = new Binding<Taskcluster.Models.Queue.TaskCompletedMessage>("x", "#", null,
            Taskcluster.Models.Queue.QueueJsonContext.Default.TaskCompletedMessage);

        Assert.Throws<ObjectDisposedException>(() => listener.OnMessage(binding, (_, _) => System.Threading.Tasks.Task.CompletedTask));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(65536)]
    public void A_prefetch_outside_1_to_65535_is_rejected(int prefetch)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString, Prefetch = prefetch }));

        Assert.That(ex!.Message, Does.Contain("Prefetch"));
    }

    [Test]
    public void A_negative_max_length_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString, MaxLength = -1 }));
    }

    [Test]
    public void A_connection_string_that_is_not_an_amqp_uri_is_rejected_without_echoing_it()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new Listener(new ListenerOptions { ConnectionString = "http://user:secret-token@host/" }));

        Assert.That(ex!.Message, Does.Not.Contain("secret-token"));
    }

    [Test]
    public async System.Threading.Tasks.Task Pausing_before_connecting_does_nothing()
    {
        await using var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString });

        await listener.PauseAsync();

        Assert.That(listener.Connection.IsOpen, Is.False);
    }

    [Test]
    public void An_unnamed_listener_gets_a_22_character_url_safe_queue_name_in_its_namespace()
    {
        var listener = new Listener(new ListenerOptions { ConnectionString = Broker.ConnectionString });

        Assert.That(listener.QueueName, Does.Match("^queue/guest/[A-Za-z0-9_-]{22}$"));
    }
}
