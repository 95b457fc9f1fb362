using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// Every <c>messageHandling</c> vector run through the listener's delivery handling (message built, handlers run,
/// acknowledgement decided) without a broker; the broker round trips of each outcome are in ListenerRoundTripTests.
/// </summary>
public class MessageHandlingVectorTests
{
    public static IEnumerable<TestCaseData> Vectors()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", "taskcluster-client-0.15.3.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var vector in root["messageHandling"]!.AsArray())
        {
            yield return new TestCaseData(vector!.ToJsonString()).SetArgDisplayNames(vector["description"]!.GetValue<string>());
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public async Task Delivery_is_handled_as_the_vector_says(string vectorJson)
    {
        var vector = JsonNode.Parse(vectorJson)!;
        var amqp = vector["amqpMessage"]!;
        var errors = new List<AmqpErrorEventArgs>();
        var dispatcher = new MessageDispatcher(FailedMessagePolicy.RequeueUnlessRedelivered, errors.Add);
        foreach (var binding in vector["bindings"]!.AsArray())
        {
            string exchange = binding!["exchange"]!.GetValue<string>();
            var entry = binding["hasRoutingKeyReference"]!.GetValue<bool>() ? MockReferenceEvents.FindByExchange(exchange) : null;
            dispatcher.AddBinding(new Binding(exchange, binding["routingKeyPattern"]!.GetValue<string>(), entry));
        }
        var received = new List<Message>();
        foreach (var kind in vector["handlers"]!.AsArray().Select(h => h!.GetValue<string>()))
        {
            dispatcher.AddHandler(kind switch
            {
                "resolve" => (m, _) => { received.Add(m); return Task.CompletedTask; },
                "reject" => async (m, _) => { received.Add(m); await Task.Yield(); throw new InvalidOperationException("rejected"); },
                "throw" => (m, _) => { received.Add(m); throw new InvalidOperationException("thrown"); },
                _ => throw new InvalidOperationException($"Unknown handler kind {kind}"),
            });
        }
        var properties = new BasicProperties();
        if (amqp["CC"] is JsonArray cc)
        {
            // On the wire an AMQP array header arrives as a list of byte arrays.
            properties.Headers = new Dictionary<string, object?> { ["CC"] = cc.Select(r => (object)Encoding.UTF8.GetBytes(r!.GetValue<string>())).ToList() };
        }
        bool redelivered = amqp["redelivered"]?.GetValue<bool>() ?? false;

        var acknowledgement = await dispatcher.HandleAsync(
            Encoding.UTF8.GetBytes(amqp["content"]!.GetValue<string>()),
            amqp["exchange"]!.GetValue<string>(),
            amqp["routingKey"]!.GetValue<string>(),
            redelivered,
            deliveryTag: 1,
            properties,
            default);

        if (vector["handleThrewSynchronously"] is not null)
        {
            // Fixed on purpose (vectors README, 5): invalid JSON is dropped and reported, never left unacknowledged.
            Assert.Multiple(() =>
            {
                Assert.That(acknowledgement, Is.EqualTo(Acknowledgement.NackDiscard));
                Assert.That(received, Is.Empty);
                Assert.That(errors.Select(e => e.Kind), Is.EqualTo(new[] { AmqpErrorKind.InvalidMessage }));
            });
            return;
        }
        var action = vector["channelAction"]!;
        var expectedAck = action["ack"]?.GetValue<bool>() == true
            ? Acknowledgement.Ack
            : action["requeue"]!.GetValue<bool>() ? Acknowledgement.NackRequeue : Acknowledgement.NackDiscard;
        Assert.That(acknowledgement, Is.EqualTo(expectedAck));
        Assert.That(received, Has.Count.EqualTo(vector["handlerCalls"]!.GetValue<int>()));
        if (vector["messagePassedToHandler"] is not JsonObject expected) return;

        var message = received[0];
        Assert.That(received, Has.All.SameAs(message), "every handler gets the same message");
        var expectedRouting = expected["routing"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        if (message.RoutingKey.StartsWith("route.", StringComparison.Ordinal))
        {
            // Fixed on purpose (vectors README, 6): a CC'ed route is not parsed against the exchange's layout.
            expectedRouting = null;
        }
        Assert.Multiple(() =>
        {
            Assert.That(message.Exchange, Is.EqualTo(expected["exchange"]!.GetValue<string>()));
            Assert.That(message.RoutingKey, Is.EqualTo(expected["routingKey"]!.GetValue<string>()));
            Assert.That(message.Redelivered, Is.EqualTo(expected["redelivered"]!.GetValue<bool>()));
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(message.Payload.GetRawText()), expected["payload"]), Is.True,
                $"payload {message.Payload.GetRawText()}");
            Assert.That(message.Routes, Is.EqualTo(expected["routes"]!.AsArray().Select(r => r!.GetValue<string>())));
            Assert.That(message.Routing, expectedRouting is null ? Is.Null : Is.EquivalentTo(expectedRouting));
        });
    }
}
