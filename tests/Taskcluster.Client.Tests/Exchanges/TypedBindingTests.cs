using System;
using System.Collections.Generic;
using System.Text.Json.Serialization.Metadata;
using NUnit.Framework;
using Taskcluster.Client.Tests.Amqp;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Tests.Exchanges;

/// <summary>
/// <see cref="Binding{TMessage}"/> and the typed <c>CreateBinding</c> overloads generated exchange methods call: the
/// same exchange, pattern and checks as the untyped ones, plus the message type.
/// </summary>
public class TypedBindingTests
{
    private static readonly JsonTypeInfo<TaskCompletedMessage> Completed = QueueJsonContext.Default.TaskCompletedMessage;

    [Test]
    public void A_typed_binding_from_values_has_the_untyped_one_s_exchange_pattern_and_entry()
    {
        var client = new Client();
        var values = Values(taskId: "abc", runId: "0");

        var untyped = client.Untyped(TestQueueEvents.TaskCompletedEntry, values);
        var typed = client.Typed(TestQueueEvents.TaskCompletedEntry, values, Completed);

        Assert.Multiple(() =>
        {
            Assert.That(typed.Exchange, Is.EqualTo("test/v1/task-completed"));
            Assert.That(typed.Exchange, Is.EqualTo(untyped.Exchange));
            Assert.That(typed.RoutingKeyPattern, Is.EqualTo("primary.abc.0.*.*.*.*.*.*.#"));
            Assert.That(typed.RoutingKeyPattern, Is.EqualTo(untyped.RoutingKeyPattern));
            Assert.That(typed.Entry, Is.SameAs(TestQueueEvents.TaskCompletedEntry));
            Assert.That(typed.MessageType, Is.SameAs(Completed));
        });
    }

    [Test]
    public void A_typed_binding_from_a_raw_pattern_keeps_the_pattern_and_the_type()
    {
        var typed = new Client().Typed(TestQueueEvents.TaskCompletedEntry, RoutingPattern.Raw("route.my.#"), Completed);

        Assert.Multiple(() =>
        {
            Assert.That(typed.Exchange, Is.EqualTo("test/v1/task-completed"));
            Assert.That(typed.RoutingKeyPattern, Is.EqualTo("route.my.#"));
            Assert.That(typed.MessageType, Is.SameAs(Completed));
        });
    }

    [Test]
    public void The_typed_overloads_refuse_what_the_untyped_ones_refuse()
    {
        var client = new Client();
        var entry = TestQueueEvents.TaskCompletedEntry;

        Assert.Multiple(() =>
        {
            // Each pair throws the same exception for the same parameter: the checks are shared, not copied.
            AssertSameRefusal(
                () => client.Untyped(entry, new string?[3]),
                () => client.Typed(entry, new string?[3], Completed), "values", "10 routing-key elements but 3");
            AssertSameRefusal(
                () => client.Untyped(entry, Values(taskId: "a.b")),
                () => client.Typed(entry, Values(taskId: "a.b"), Completed), "taskId", "contains a dot");
            AssertSameRefusal(
                () => client.Untyped(entry, default(RoutingPattern)),
                () => client.Typed(entry, default(RoutingPattern), Completed), "pattern", "RoutingPattern.Raw");
            AssertSameRefusal(
                () => client.Untyped(null!, Values()),
                () => client.Typed(null!, Values(), Completed), "entry", null);
            AssertSameRefusal(
                () => client.Untyped(entry, (IReadOnlyList<string?>)null!),
                () => client.Typed(entry, (IReadOnlyList<string?>)null!, Completed), "values", null);
        });
    }

    [Test]
    public void The_typed_overloads_need_a_message_type()
    {
        var client = new Client();

        var fromValues = Assert.Throws<ArgumentNullException>(() => client.Typed<TaskCompletedMessage>(TestQueueEvents.TaskCompletedEntry, Values(), null!));
        var fromPattern = Assert.Throws<ArgumentNullException>(() =>
            client.Typed<TaskCompletedMessage>(TestQueueEvents.TaskCompletedEntry, RoutingPattern.Raw("#"), null!));

        Assert.That(new[] { fromValues!.ParamName, fromPattern!.ParamName }, Is.EqualTo(new[] { "messageType", "messageType" }));
    }

    [TestCase(null, "#", "exchange")]
    [TestCase("x", null, "routingKeyPattern")]
    public void A_typed_binding_refuses_a_null_exchange_or_pattern(string? exchange, string? pattern, string parameter)
    {
        var ex = Assert.Throws<ArgumentNullException>(() => new Binding<TaskCompletedMessage>(exchange!, pattern!, null, Completed));

        Assert.That(ex!.ParamName, Is.EqualTo(parameter));
    }

    [Test]
    public void A_typed_binding_refuses_a_null_message_type()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => new Binding<TaskCompletedMessage>("x", "#", null, null!));

        Assert.That(ex!.ParamName, Is.EqualTo("messageType"));
    }

    [TestCase("", "#", "exchange")]
    [TestCase("x", "", "routingKeyPattern")]
    public void A_typed_binding_refuses_an_empty_exchange_or_pattern(string exchange, string pattern, string parameter)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Binding<TaskCompletedMessage>(exchange, pattern, null, Completed));

        Assert.That(ex!.ParamName, Is.EqualTo(parameter));
    }

    [Test]
    public void A_typed_binding_is_a_binding_with_its_parts()
    {
        Binding binding = new Binding<TaskCompletedMessage>("queue/v1/task-completed", "primary.#", TestQueueEvents.TaskCompletedEntry, Completed);

        Assert.Multiple(() =>
        {
            Assert.That(binding.Exchange, Is.EqualTo("queue/v1/task-completed"));
            Assert.That(binding.RoutingKeyPattern, Is.EqualTo("primary.#"));
            Assert.That(binding.Entry, Is.SameAs(TestQueueEvents.TaskCompletedEntry));
            Assert.That(binding.ToString(), Is.EqualTo("queue/v1/task-completed primary.#"));
        });
    }

    private static void AssertSameRefusal(Action untyped, Action typed, string parameter, string? messagePart)
    {
        var expected = Assert.Throws(Is.InstanceOf<ArgumentException>(), () => untyped());
        var actual = Assert.Throws(Is.InstanceOf<ArgumentException>(), () => typed());
        var first = (ArgumentException)expected!;
        var second = (ArgumentException)actual!;
        Assert.That(second.GetType(), Is.EqualTo(first.GetType()), $"exception type for {parameter}");
        Assert.That(second.ParamName, Is.EqualTo(parameter));
        Assert.That(first.ParamName, Is.EqualTo(parameter));
        Assert.That(second.Message, Is.EqualTo(first.Message));
        if (messagePart is not null) Assert.That(second.Message, Does.Contain(messagePart));
    }

    private static string?[] Values(string? taskId = null, string? runId = null)
    {
        var values = new string?[10];
        values[1] = taskId;
        values[2] = runId;
        return values;
    }

    /// <summary>Exposes the protected overloads, as a generated exchange client uses them.</summary>
    private sealed class Client : ExchangeClient
    {
        public Client() : base("queue/v1/", new[] { TestQueueEvents.TaskCompletedEntry }, new ClientOptions { ExchangePrefix = "test/v1/" })
        {
        }

        public Binding Untyped(ExchangeEntry entry, IReadOnlyList<string?> values) => CreateBinding(entry, values);

        public Binding Untyped(ExchangeEntry entry, RoutingPattern pattern) => CreateBinding(entry, pattern);

        public Binding<T> Typed<T>(ExchangeEntry entry, IReadOnlyList<string?> values, JsonTypeInfo<T> type) => CreateBinding(entry, values, type);

        public Binding<T> Typed<T>(ExchangeEntry entry, RoutingPattern pattern, JsonTypeInfo<T> type) => CreateBinding(entry, pattern, type);
    }
}
