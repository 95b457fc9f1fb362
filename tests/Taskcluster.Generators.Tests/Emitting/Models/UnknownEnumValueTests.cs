using System.Reflection;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Emitting.Models;

/// <summary>
/// The policy for enum values the SDK does not know, on models generated here from small schemas, compiled and run:
/// every enum has an <c>Unknown</c> member (zero) that reading gives for a string it does not list; a property, list
/// item or map value keeps that string and writes it back; an <c>Unknown</c> with no string cannot be written.
/// </summary>
public sealed class UnknownEnumValueTests
{
    private const string Order = """
        {
          "$id": "/schemas/shop/v1/order.json#",
          "type": "object",
          "properties": {
            "state": {"type": "string", "enum": ["open", "unknown", "closed"]},
            "previous": {"type": "string", "enum": ["open", "closed"]},
            "history": {"type": "array", "items": {"type": "string", "enum": ["open", "closed"]}},
            "byRegion": {"type": "object", "additionalProperties": {"type": "string", "enum": ["open", "closed"]}}
          },
          "required": ["state"]
        }
        """;

    // A file whose root is an enum named Unknown: its sentinel cannot take the type's name.
    private const string UnknownFile = """{"$id": "/schemas/shop/v1/unknown.json#", "type": "string", "enum": ["a", "unknown"]}""";

    // Loading fails the test on any warning or error, so the generated code also compiles cleanly.
    private static readonly Lazy<Assembly> s_assembly = new(() =>
    {
        var run = GeneratorRunner.Run(SchemaFiles.Schema("/s/shop/v1/order.json", Order), SchemaFiles.Schema("/s/shop/v1/unknown.json", UnknownFile));
        Assert.That(run.Diagnostics, Is.Empty, string.Join("\n", run.Diagnostics));
        return InMemoryCompiler.Load(run.Results[0].GeneratedSources.Select(s => s.SourceText.ToString()).ToArray());
    });

    private static Type Model(string name) => s_assembly.Value.GetType("Taskcluster.Models.Shop." + name, throwOnError: true)!;

    private static string[] MemberNames(Type type) => Enum.GetNames(type);

    [Test]
    public void Every_enum_starts_with_unknown_as_zero()
    {
        var state = Model("OrderState");

        Assert.That(MemberNames(state), Is.EqualTo(new[] { "Unknown", "Open", "UnknownValue", "Closed" }));
        Assert.That(Convert.ToInt32(Enum.Parse(state, "Unknown")), Is.EqualTo(0));
        Assert.That(Convert.ToInt32(Activator.CreateInstance(state)), Is.EqualTo(0), "default(T) is Unknown");
    }

    [Test]
    public void A_wire_value_named_unknown_yields_the_name_to_the_sentinel()
    {
        var members = SchemaFiles.Build(("/s/shop/v1/order.json", Order)).Models.Values.Single().Types.Single(t => t.Name == "OrderState").Members;

        Assert.That(members.Select(m => (m.WireValue, m.MemberName)), Is.EqualTo(new[] { ("open", "Open"), ("unknown", "UnknownValue"), ("closed", "Closed") }));
        var order = JsonSerializer.Deserialize("""{"state":"unknown"}""", Model("Order"))!;
        Assert.That(Model("Order").GetProperty("State")!.GetValue(order)!.ToString(), Is.EqualTo("UnknownValue"), "the wire value \"unknown\" is a known value");
    }

    [Test]
    public void In_an_enum_named_unknown_the_sentinel_is_unknown_value_and_the_wire_value_is_numbered()
    {
        var type = Model("Unknown");

        Assert.That(MemberNames(type), Is.EqualTo(new[] { "UnknownValue", "A", "UnknownValue2" }));
        Assert.That(Convert.ToInt32(Enum.Parse(type, "UnknownValue")), Is.EqualTo(0));
        Assert.That(JsonSerializer.Serialize(Enum.Parse(type, "UnknownValue2"), type), Is.EqualTo("\"unknown\""));
        Assert.That(JsonSerializer.Deserialize("\"b\"", type)!.ToString(), Is.EqualTo("UnknownValue"));
    }

    [Test]
    public void Unknown_strings_in_properties_lists_and_maps_read_as_unknown_and_are_written_back()
    {
        const string json = """{"state":"archived","previous":"reopened","history":["open","on-hold","closed","merged"],"byRegion":{"eu":"closed","us":"paused"}}""";
        var type = Model("Order");

        object order = JsonSerializer.Deserialize(json, type)!;

        Assert.That(type.GetProperty("State")!.GetValue(order)!.ToString(), Is.EqualTo("Unknown"));
        Assert.That(type.GetProperty("Previous")!.GetValue(order)!.ToString(), Is.EqualTo("Unknown"));
        var history = ((System.Collections.IEnumerable)type.GetProperty("History")!.GetValue(order)!).Cast<object>().Select(o => o.ToString());
        Assert.That(history, Is.EqualTo(new[] { "Open", "Unknown", "Closed", "Unknown" }));
        Assert.That(JsonSerializer.Serialize(order, type), Is.EqualTo(json));
    }

    [Test]
    public void A_map_with_a_repeated_key_keeps_the_last_value_and_its_text()
    {
        var type = Model("Order");

        object known = JsonSerializer.Deserialize("""{"state":"open","byRegion":{"eu":"paused","eu":"closed"}}""", type)!;
        object unknown = JsonSerializer.Deserialize("""{"state":"open","byRegion":{"eu":"closed","eu":"paused"}}""", type)!;

        Assert.That(JsonSerializer.Serialize(known, type), Is.EqualTo("""{"state":"open","byRegion":{"eu":"closed"}}"""));
        Assert.That(JsonSerializer.Serialize(unknown, type), Is.EqualTo("""{"state":"open","byRegion":{"eu":"paused"}}"""));
    }

    [Test]
    public void Setting_a_property_forgets_the_text_it_was_read_with()
    {
        var type = Model("Order");
        var state = type.GetProperty("State")!;
        object order = JsonSerializer.Deserialize("""{"state":"archived"}""", type)!;

        state.SetValue(order, Enum.Parse(state.PropertyType, "Closed"));
        Assert.That(JsonSerializer.Serialize(order, type), Is.EqualTo("""{"state":"closed"}"""));

        state.SetValue(order, Enum.Parse(state.PropertyType, "Unknown"));
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(order, type));
        Assert.That(exception!.Message, Does.StartWith("Cannot write OrderState.Unknown: it stands for a value this SDK does not know"));
        Assert.That(exception.Message, Does.Contain("\"open\", \"unknown\", \"closed\""));
    }

    [Test]
    public void An_unknown_item_in_a_list_built_in_code_cannot_be_written()
    {
        var type = Model("Order");
        var itemType = Model("OrderHistoryItem");
        var list = Array.CreateInstance(itemType, 1);
        object order = JsonSerializer.Deserialize("""{"state":"open"}""", type)!;
        type.GetProperty("History")!.SetValue(order, list);

        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(order, type));

        Assert.That(exception!.Message, Does.StartWith("Cannot write OrderHistoryItem.Unknown"));
    }

    [Test]
    public void A_value_that_is_not_a_string_is_still_an_error_naming_where_it_is()
    {
        var exception = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"state":3}""", Model("Order")));

        Assert.That(exception!.Message, Is.EqualTo("Order.state: Expected a string for OrderState, found a number."));
    }
}
