using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Taskcluster.Client.Tests.Models.Support;

namespace Taskcluster.Client.Tests.Models;

/// <summary>
/// Every <c>default</c>, <c>example</c> and <c>examples</c> item in references/schemas, found by walking the files at
/// test time, read and written by the generated model for its place in the schema: the type generated at that
/// location, if any, and the property of the owning model when the value sits on a property (in an instance of the
/// owner made from its schema). A value must come back unchanged. A value that its own schema refuses may instead be
/// refused by the model with a JsonException, but never changed.
/// </summary>
[TestFixture]
public sealed class SchemaDefaultsAndExamplesTests
{
    private static readonly Regex s_property = new("^(?<owner>.*)/properties/(?<name>[^/]+)$", RegexOptions.CultureInvariant);

    private static IEnumerable<TestCaseData> Values()
        => SchemaFiles.Builtin.Values().Select(v => new TestCaseData(v).SetArgDisplayNames(v.Keyword + " " + v.Location));

    [TestCaseSource(nameof(Values))]
    public void A_schema_value_is_read_and_written_back_unchanged_by_the_model_at_its_location(SchemaValue value)
    {
        var outcome = Check(value);

        Assert.That(outcome.Problems, Is.Empty);
        Assert.That(outcome.Checks, Is.GreaterThan(0), $"no generated type reads {value.Location}");
        if (outcome.Misfit is null) Assert.That(outcome.Refused, Is.False);
    }

    /// <summary>The counts, for the record; and the values that do not fit their own schema, by name.</summary>
    [Test]
    public void Every_value_in_the_schemas_is_checked()
    {
        var values = SchemaFiles.Builtin.Values();
        var outcomes = values.Select(v => (Value: v, Outcome: Check(v))).ToList();

        foreach (var group in values.GroupBy(v => v.Keyword)) TestContext.Out.WriteLine($"schema values: {group.Count()} {group.Key}");
        TestContext.Out.WriteLine($"checked: {outcomes.Count(o => o.Outcome.Checks > 0)} of {values.Count}, "
            + $"{outcomes.Count(o => o.Outcome.AsType)} as the type at their location, {outcomes.Count(o => o.Outcome.AsProperty)} as their owner's property");
        foreach (var (value, outcome) in outcomes.Where(o => o.Outcome.Misfit is not null))
        {
            TestContext.Out.WriteLine($"does not fit its own schema ({(outcome.Refused ? "refused by the model" : "kept unchanged by the model")}): "
                + $"{value.Keyword} {value.Value?.ToJsonString()} at {value.Location}: {outcome.Misfit}");
        }

        Assert.That(values, Is.Not.Empty);
        Assert.That(outcomes.SelectMany(o => o.Outcome.Problems), Is.Empty);
        Assert.That(outcomes.Where(o => o.Outcome.Checks == 0).Select(o => o.Value.Location), Is.Empty, "values no generated type reads");
    }

    /// <summary>The check is able to fail: values a model would change, or cannot hold, are caught.</summary>
    [Test]
    public void The_check_catches_a_value_the_model_changes_or_refuses()
    {
        // Fits the schema (a string), but the model writes TaskCluster's form of the time, with milliseconds.
        var changed = Check(new SchemaValue("default", "/schemas/queue/v1/task.json#/properties/created", "2026-11-30T12:34:56Z"));
        Assert.That(changed.Problems, Has.Some.Contains("wrote"));

        // A number where the schema says string: refused, and known to be a misfit.
        var refused = Check(new SchemaValue("default", "/schemas/queue/v1/task.json#/properties/schedulerId", 5));
        Assert.That((refused.Refused, refused.Misfit is null, refused.Problems.Count), Is.EqualTo((true, false, 0)));

        // A place no generated type reads as such (the items of a list of strings) is not silently passed.
        var nowhere = Check(new SchemaValue("default", "/schemas/queue/v1/task.json#/properties/routes/items", "route"));
        Assert.That(nowhere.Checks, Is.Zero);
    }

    internal sealed record Outcome(int Checks, bool AsType, bool AsProperty, bool Refused, string? Misfit, IReadOnlyList<string> Problems);

    internal static Outcome Check(SchemaValue value)
    {
        var schemas = SchemaFiles.Builtin;
        var problems = new List<string>();
        string? misfit = schemas.Misfit(value.Location, value.Value);
        bool asType = false, asProperty = false, refused = false;

        if (GeneratedModels.ByLocation.TryGetValue(value.Location, out var type))
        {
            refused |= RoundTrip(type, value.Value, misfit, $"{value.Location} as {type.Name}", problems);
            asType = true;
        }

        var match = s_property.Match(value.Location);
        if (match.Success && GeneratedModels.ByLocation.TryGetValue(match.Groups["owner"].Value, out var owner) && owner.IsClass && !owner.IsAbstract)
        {
            string name = match.Groups["name"].Value.Replace("~1", "/").Replace("~0", "~");
            var instance = (JsonObject)schemas.Instance(match.Groups["owner"].Value, full: false)!;
            if (schemas.Misfit(match.Groups["owner"].Value, instance) is { } bad) problems.Add($"the instance made for {owner.Name} does not fit: {bad}");
            instance[name] = value.Value?.DeepClone();
            bool ownerRefused = RoundTrip(owner, instance, misfit, $"{value.Location} in {owner.Name}", problems);
            if (!ownerRefused && misfit is null) CheckProperty(owner, name, instance, value.Value, problems);
            refused |= ownerRefused;
            asProperty = true;
        }

        return new Outcome((asType ? 1 : 0) + (asProperty ? 1 : 0), asType, asProperty, refused, misfit, problems);
    }

    /// <summary>
    /// Reads <paramref name="input"/> as <paramref name="type"/> and checks it is written back unchanged; true when the
    /// model refused it (a JsonException reading or writing), which only a misfit may be.
    /// </summary>
    private static bool RoundTrip(Type type, JsonNode? input, string? misfit, string what, List<string> problems)
    {
        string json = input?.ToJsonString() ?? "null";
        string written;
        try
        {
            written = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type), type);
        }
        catch (JsonException exception)
        {
            if (misfit is null) problems.Add($"{what}: {json} fits the schema but the model refused it: {exception.Message}");
            return true;
        }
        if (!JsonNode.DeepEquals(JsonNode.Parse(written), input)) problems.Add($"{what}: read {json}, wrote {written}");
        return false;
    }

    /// <summary>
    /// The owner's property holds the value itself (not its extension data), as a known member when it is an enum,
    /// and the property's own type writes it as it was.
    /// </summary>
    private static void CheckProperty(Type owner, string name, JsonObject instance, JsonNode? value, List<string> problems)
    {
        object read = JsonSerializer.Deserialize(instance.ToJsonString(), owner)!;
        var property = GeneratedModels.Property(owner, name);
        object? held = property.GetValue(read);
        var declared = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (declared.IsEnum && Convert.ToInt32(held, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            problems.Add($"{owner.Name}.{property.Name} reads {value?.ToJsonString()} as Unknown, not as a member of {declared.Name}");
            return;
        }

        string alone = JsonSerializer.Serialize(held, declared);

        if (!JsonNode.DeepEquals(JsonNode.Parse(alone), value)) problems.Add($"{owner.Name}.{property.Name} ({declared.Name}) holds {value?.ToJsonString()} and writes {alone}");
    }
}
