using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace Taskcluster.References.Tests.References;

public sealed class DynamicExchangeClientTests
{
    /// <summary>Every recorded vector for the original client's MOCK_REFERENCE.</summary>
    public static IEnumerable<TestCaseData> MockReferenceVectors()
    {
        int number = 0;
        foreach (var vector in TestData.MockReferenceSection().GetProperty("vectors").EnumerateArray())
        {
            yield return new TestCaseData(vector.GetRawText()).SetName($"Mock reference vector {number++}: {vector.GetProperty("method").GetString()} {JsonSerializer.Serialize(vector.GetProperty("input"))}");
        }
    }

    [TestCaseSource(nameof(MockReferenceVectors))]
    public void Bindings_from_a_run_time_client_match_the_recorded_patterns(string vectorJson)
    {
        using var vector = JsonDocument.Parse(vectorJson);
        var root = vector.RootElement;
        var client = Reference.Parse(TestData.MockReferenceSection().GetProperty("reference")).CreateExchangeClient();
        string method = root.GetProperty("method").GetString()!;
        var input = root.GetProperty("input");

        // A string input is the original client's raw routing pattern; numbers were sent as their decimal text.
        var binding = input.ValueKind == JsonValueKind.String
            ? client.Bind(method, RoutingPattern.Raw(input.GetString()!))
            : client.Bind(method, input.EnumerateObject().ToDictionary(
                p => p.Name,
                p => (string?)(p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetInt64().ToString(CultureInfo.InvariantCulture) : p.Value.GetString())));

        var expected = root.GetProperty("result");
        Assert.That((binding.Exchange, binding.RoutingKeyPattern),
            Is.EqualTo((expected.GetProperty("exchange").GetString(), expected.GetProperty("routingKeyPattern").GetString())));
    }

    [Test]
    public void The_exchange_prefix_option_replaces_the_reference_prefix()
    {
        var reference = Reference.Parse(TestData.MockReferenceSection().GetProperty("reference"));
        var client = reference.CreateExchangeClient(new ClientOptions { ExchangePrefix = "staging/test/" });

        var binding = client.Bind("noMulti");

        Assert.That(binding.Exchange, Is.EqualTo("staging/test/no-multi"));
    }

    [Test]
    public void A_single_word_value_with_a_dot_is_refused_as_for_generated_clients()
    {
        var client = Reference.Parse(TestData.MockReferenceSection().GetProperty("reference")).CreateExchangeClient();

        Assert.Throws<System.ArgumentException>(() => client.Bind("noMulti", new Dictionary<string, string?> { ["a"] = "x.y" }));
    }

    [Test]
    public void An_api_client_cannot_be_made_from_an_exchange_reference()
    {
        var reference = Reference.Parse(TestData.MockReferenceSection().GetProperty("reference"));

        Assert.Throws<System.InvalidOperationException>(() => reference.CreateApiClient());
    }
}
