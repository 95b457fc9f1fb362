using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;
using Taskcluster.Models.Queue;
using static Taskcluster.Client.Tests.Amqp.TypedMessages;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// The dispatch rule for typed handlers without a broker: which handlers a delivery goes to, what a payload that does
/// not deserialize does, and what each handler gets. The broker round trips are in TypedListenerTests.
/// </summary>
public class TypedDispatchTests
{
    private const string Completed = "queue/v1/task-completed";
    private const string Failed = "queue/v1/task-failed";

    private readonly List<AmqpErrorEventArgs> _errors = new();

    // NUnit runs every test of a fixture on one instance.
    [SetUp]
    public void ForgetErrors() => _errors.Clear();

    [Test]
    public async Task A_delivery_goes_to_the_typed_handlers_it_matches_and_otherwise_to_the_untyped_ones()
    {
        var dispatcher = NewDispatcher();
        var typedIds = new List<string>();
        var untypedKeys = new List<string>();
        dispatcher.AddTypedHandler(TaskCompleted("primary.watched.#"), (m, _) => { typedIds.Add(m.Payload.Status.TaskId); return Task.CompletedTask; });
        dispatcher.AddHandler((m, _) => { untypedKeys.Add($"{m.Exchange} {m.RoutingKey}"); return Task.CompletedTask; });

        await DeliverAsync(dispatcher, Completed, RunKey("watched", 0), Resolved("watched", 0).Text());
        await DeliverAsync(dispatcher, Completed, RunKey("other", 0), Resolved("other", 0).Text());
        // The same key on another exchange: the binding names one exchange.
        await DeliverAsync(dispatcher, Failed, RunKey("watched", 0), Resolved("watched", 0, "failed").Text());

        Assert.Multiple(() =>
        {
            Assert.That(typedIds, Is.EqualTo(new[] { "watched" }));
            Assert.That(untypedKeys, Is.EqualTo(new[] { $"{Completed} {RunKey("other", 0)}", $"{Failed} {RunKey("watched", 0)}" }));
        });
    }

    [Test]
    public async Task Every_matching_typed_handler_gets_the_message_with_a_payload_of_its_own()
    {
        var dispatcher = NewDispatcher();
        var payloads = new List<TaskCompletedMessage>();
        dispatcher.AddTypedHandler(TaskCompleted("primary.#"), (m, _) => { payloads.Add(m.Payload); return Task.CompletedTask; });
        dispatcher.AddTypedHandler(TaskCompleted("#.i-0a1b2c3d.#"), (m, _) => { payloads.Add(m.Payload); return Task.CompletedTask; });
        dispatcher.AddTypedHandler(TaskCompleted("primary.nobody.#"), (m, _) => { payloads.Add(m.Payload); return Task.CompletedTask; });

        var outcome = await DeliverAsync(dispatcher, Completed, RunKey("task", 2), Resolved("task", 2).Text());

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(Acknowledgement.Ack));
            Assert.That(payloads.Select(p => p.RunId), Is.EqualTo(new[] { 2, 2 }));
            Assert.That(payloads[0], Is.Not.SameAs(payloads[1]), "a handler changing its payload cannot affect another");
        });
    }

    [Test]
    public async Task A_delivery_no_handler_takes_is_acked()
    {
        var dispatcher = NewDispatcher();
        dispatcher.AddTypedHandler(TaskCompleted("primary.watched.#"), (_, _) => throw new InvalidOperationException("not called"));

        var outcome = await DeliverAsync(dispatcher, Completed, RunKey("other", 0), "{}");

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(Acknowledgement.Ack));
            Assert.That(_errors, Is.Empty);
        });
    }

    [TestCase("null", "is null")]
    [TestCase("[1,2]", "TaskCompletedMessage")]
    [TestCase("{\"version\":1,\"status\":{},\"runId\":0,\"workerGroup\":\"g\",\"workerId\":\"w\"}", "status: TaskStatusModel requires the property \"deadline\"")]
    [TestCase("{\"version\":\"one\"}", "version")]
    public async Task A_payload_that_does_not_deserialize_fails_the_handler_by_the_policy(string body, string explanation)
    {
        var dispatcher = NewDispatcher();
        int calls = 0;
        dispatcher.AddTypedHandler(TaskCompleted("#"), (_, _) => { calls++; return Task.CompletedTask; });

        var first = await DeliverAsync(dispatcher, Completed, RunKey("task", 0), body);
        var redelivered = await DeliverAsync(dispatcher, Completed, RunKey("task", 0), body, redelivered: true);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { first, redelivered }, Is.EqualTo(new[] { Acknowledgement.NackRequeue, Acknowledgement.NackDiscard }));
            Assert.That(calls, Is.Zero);
            Assert.That(_errors.Select(e => e.Kind), Is.EqualTo(new[] { AmqpErrorKind.HandlerFailed, AmqpErrorKind.HandlerFailed }));
            Assert.That(_errors[0].Exception, Is.InstanceOf<JsonException>());
            Assert.That(_errors[0].Exception.Message, Does.Contain(explanation).And.Contain(Completed));
            Assert.That(_errors[0].Message, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_typed_handler_that_throws_fails_like_an_untyped_one()
    {
        var dispatcher = NewDispatcher(FailedMessagePolicy.NeverRequeue);
        var thrown = new InvalidOperationException("handler failed");
        dispatcher.AddTypedHandler(TaskCompleted("#"), (_, _) => throw thrown);

        var outcome = await DeliverAsync(dispatcher, Completed, RunKey("task", 0), Resolved("task", 0).Text());

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(Acknowledgement.NackDiscard));
            Assert.That(_errors.Single().Exception, Is.SameAs(thrown));
            Assert.That(_errors.Single().Kind, Is.EqualTo(AmqpErrorKind.HandlerFailed));
        });
    }

    [Test]
    public async Task A_cc_ed_route_counts_as_a_key_of_the_delivery()
    {
        var dispatcher = NewDispatcher();
        var routes = new List<IReadOnlyList<string>>();
        dispatcher.AddTypedHandler(TaskCompleted("route.index.#"), (m, _) => { routes.Add(m.Routes); return Task.CompletedTask; });
        var properties = new BasicProperties
        {
            // On the wire an AMQP array header arrives as a list of byte arrays.
            Headers = new Dictionary<string, object?> { ["CC"] = new List<object> { Encoding.UTF8.GetBytes("route.index.a.b") } },
        };

        await DeliverAsync(dispatcher, Completed, RunKey("task", 0), Resolved("task", 0).Text(), properties: properties);
        await DeliverAsync(dispatcher, Completed, RunKey("task", 0), Resolved("task", 0).Text());

        Assert.That(routes, Is.EqualTo(new[] { new[] { "index.a.b" } }), "only the delivery CC'ed to the route");
    }

    private MessageDispatcher NewDispatcher(FailedMessagePolicy policy = FailedMessagePolicy.RequeueUnlessRedelivered) =>
        new(policy, _errors.Add);

    private static Binding<TaskCompletedMessage> TaskCompleted(string pattern) =>
        new(Completed, pattern, null, QueueJsonContext.Default.TaskCompletedMessage);

    private static Task<Acknowledgement> DeliverAsync(
        MessageDispatcher dispatcher, string exchange, string key, string body, bool redelivered = false, IReadOnlyBasicProperties? properties = null) =>
        dispatcher.HandleAsync(Encoding.UTF8.GetBytes(body), exchange, key, redelivered, deliveryTag: 1, properties, default);
}
