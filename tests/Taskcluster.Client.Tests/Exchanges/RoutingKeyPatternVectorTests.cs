using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;
using Seed = Taskcluster.Seed;

namespace Taskcluster.Client.Tests.Exchanges;

/// <summary>
/// Every <c>routingKeyPatterns</c> vector through the generated exchange clients: by entry name with the vector's
/// input, and through the typed methods for the common shapes.
/// </summary>
[TestFixture]
public sealed class RoutingKeyPatternVectorTests
{
    private static IEnumerable<TestCaseData> PatternVectors() => Cases(v => v.TryGetProperty("result", out _));

    private static IEnumerable<TestCaseData> ErrorVectors() => Cases(v => v.TryGetProperty("error", out _));

    private static IEnumerable<TestCaseData> Cases(Func<JsonElement, bool> where)
    {
        int index = 0;
        foreach (var vector in Vectors.Section("routingKeyPatterns"))
        {
            index++;
            if (!where(vector)) continue;
            yield return new TestCaseData(vector).SetArgDisplayNames(
                $"routingKeyPatterns[{index}] {vector.GetProperty("client").GetString()}.{vector.GetProperty("method").GetString()}({vector.GetProperty("input").GetRawText()})");
        }
    }

    private static ExchangeClient ClientFor(string name) => name switch
    {
        "QueueEvents" => new Seed.QueueEvents(),
        "SchedulerEvents" => new Seed.SchedulerEvents(),
        "QueueEvents(exchangePrefix=staging-queue/v1/)" => new Seed.QueueEvents(new ClientOptions { ExchangePrefix = "staging-queue/v1/" }),
        _ => throw new ArgumentException($"No client for vector client '{name}'."),
    };

    /// <summary>
    /// The vector's input as the by-name API takes it. Keys the reference does not have are left out here: C#'s typed
    /// methods cannot even express them, and the by-name form rejects them (tested below) rather than ignore a typo.
    /// </summary>
    private static Binding Bind(ExchangeClient client, string entry, JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String && input.GetString() != "<undefined>")
            return client.Bind(entry, RoutingPattern.Raw(input.GetString()!));
        var values = new Dictionary<string, string?>();
        var known = client.Entries.Single(e => e.Name == entry).RoutingKey.Select(k => k.Name).ToHashSet();
        if (input.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in input.EnumerateObject().Where(p => known.Contains(p.Name)))
                values[property.Name] = property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetRawText() : property.Value.GetString();
        }
        return client.Bind(entry, values);
    }

    [TestCaseSource(nameof(PatternVectors))]
    public void Vector_input_gives_the_recorded_exchange_and_pattern(JsonElement vector)
    {
        var client = ClientFor(vector.GetProperty("client").GetString()!);
        var result = vector.GetProperty("result");

        var binding = Bind(client, vector.GetProperty("method").GetString()!, vector.GetProperty("input"));

        Assert.That(binding.Exchange, Is.EqualTo(result.GetProperty("exchange").GetString()));
        Assert.That(binding.RoutingKeyPattern, Is.EqualTo(result.GetProperty("routingKeyPattern").GetString()));
        Assert.That(binding.Entry!.RoutingKey.Select(k => k.Name),
            Is.EqualTo(result.GetProperty("routingKeyReferenceNames").EnumerateArray().Select(n => n.GetString())));
    }

    [TestCaseSource(nameof(ErrorVectors))]
    public void Vector_input_that_cannot_form_a_pattern_is_an_argument_error(JsonElement vector)
    {
        var client = ClientFor(vector.GetProperty("client").GetString()!);
        var input = vector.GetProperty("input");
        var property = input.EnumerateObject().Single();
        // A non-string value (the vector's `true`) cannot be passed to the typed API at all; the by-name form takes
        // strings, so only the dotted single-word value is left to reject at run time.
        if (property.Value.ValueKind != JsonValueKind.String)
        {
            Assert.That(typeof(Seed.QueueEvents).GetMethod("TaskCompleted", new[] { typeof(string), typeof(string), typeof(string), typeof(string),
                typeof(string), typeof(string), typeof(string), typeof(string), typeof(string) })!.GetParameters().All(p => p.ParameterType == typeof(string)), Is.True);
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => Bind(client, vector.GetProperty("method").GetString()!, input));

        Assert.That(error!.ParamName, Is.EqualTo(property.Name));
    }

    [Test]
    public void The_typed_methods_build_the_same_patterns_as_the_vectors()
    {
        var queueEvents = new Seed.QueueEvents();

        Assert.That(queueEvents.TaskCompleted().RoutingKeyPattern, Is.EqualTo("primary.*.*.*.*.*.*.*.*.#"));
        Assert.That(queueEvents.TaskCompleted(taskId: "abc", runId: "0").RoutingKeyPattern, Is.EqualTo("primary.abc.0.*.*.*.*.*.*.#"));
        Assert.That(queueEvents.TaskCompleted("abc").RoutingKeyPattern, Is.EqualTo("primary.abc.*.*.*.*.*.*.*.#"));
        Assert.That(queueEvents.TaskCompleted(reserved: "x.y.z").RoutingKeyPattern, Is.EqualTo("primary.*.*.*.*.*.*.*.*.x.y.z"));
        Assert.That(queueEvents.TaskCompleted(RoutingPattern.Raw("route.index.my-namespace.#")).RoutingKeyPattern, Is.EqualTo("route.index.my-namespace.#"));
        Assert.That(new Seed.SchedulerEvents().TaskGraphRunning(taskGraphId: "graph1").RoutingKeyPattern, Is.EqualTo("primary.*.*.*.*.*.*.*.graph1.#"));
        Assert.That(new Seed.QueueEvents(new ClientOptions { ExchangePrefix = "staging-queue/v1/" }).TaskCompleted(taskId: "abc").Exchange,
            Is.EqualTo("staging-queue/v1/task-completed"));
    }

    [Test]
    public void A_dotted_value_for_a_single_word_element_is_refused_by_the_typed_method_too()
    {
        var error = Assert.Throws<ArgumentException>(() => new Seed.QueueEvents().TaskCompleted(taskId: "a.b"));

        Assert.That(error!.ParamName, Is.EqualTo("taskId"));
    }

    [Test]
    public void The_by_name_form_rejects_a_key_the_exchange_does_not_have()
    {
        var error = Assert.Throws<ArgumentException>(() => new Seed.QueueEvents().Bind("taskCompleted", new Dictionary<string, string?> { ["unknownKey"] = "x" }));

        Assert.That(error!.ParamName, Is.EqualTo("routing"));
        Assert.That(error.Message, Does.Contain("unknownKey"));
    }

    [Test]
    public void A_constant_element_keeps_its_constant_whatever_the_by_name_form_is_given()
    {
        var binding = new Seed.QueueEvents().Bind("taskCompleted", new Dictionary<string, string?> { ["routingKeyKind"] = "something-else", ["taskId"] = "abc" });

        Assert.That(binding.RoutingKeyPattern, Is.EqualTo("primary.abc.*.*.*.*.*.*.*.#"));
    }
}
