using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace Taskcluster.Client.Tests.Models.Support;

/// <summary>A <c>default</c>, <c>example</c> or item of <c>examples</c> found in a schema.</summary>
/// <param name="Keyword">The keyword it came from.</param>
/// <param name="Location">The schema that holds it: <c>id#pointer</c>, as the generator names locations.</param>
/// <param name="Value">The value (JSON <c>null</c> is null).</param>
public sealed record SchemaValue(string Keyword, string Location, JsonNode? Value);

/// <summary>
/// The builtin JSON schema files (references/schemas, copied next to the tests), read here with this file's own
/// small walker rather than the generator's, so the tests check the generator against the schemas and not against
/// itself: it finds values, follows <c>$ref</c>s, says whether a value fits a schema, and makes instances of one.
/// </summary>
internal sealed class SchemaFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "References", "schemas");

    private static readonly Lazy<SchemaFiles> s_builtin = new(() => Load(Root));

    /// <summary>Keywords that hold one schema, several, or a map of them; the walker goes into these.</summary>
    private static readonly HashSet<string> s_schemaKeywords = new(StringComparer.Ordinal)
    {
        "properties", "definitions", "$defs", "patternProperties", "items", "additionalProperties", "additionalItems",
        "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "contains", "propertyNames", "dependencies",
    };

    /// <summary>Keywords that hold no schema. Any other keyword fails the walk, so none is skipped by accident.</summary>
    private static readonly HashSet<string> s_plainKeywords = new(StringComparer.Ordinal)
    {
        "$id", "$schema", "$ref", "$comment", "title", "description", "type", "format", "enum", "const", "default", "examples", "example",
        "required", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "readOnly", "writeOnly", "deprecated",
        "contentMediaType", "contentEncoding",
    };

    private readonly SortedDictionary<string, JsonObject> _files;

    private SchemaFiles(SortedDictionary<string, JsonObject> files) => _files = files;

    public static SchemaFiles Builtin => s_builtin.Value;

    /// <summary>Every file by id (its <c>$id</c> without <c>#</c>).</summary>
    public IReadOnlyDictionary<string, JsonObject> Files => _files;

    public static SchemaFiles Load(string root)
    {
        var files = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (string path in Directory.GetFiles(root, "*.json", SearchOption.AllDirectories))
        {
            var schema = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
            string id = ((string)schema["$id"]!).TrimEnd('#');
            files.Add(id, schema);
        }
        if (files.Count == 0) throw new InvalidOperationException("No schema files under " + root);
        return new SchemaFiles(files);
    }

    // ---- Finding values ----

    /// <summary>Every <c>default</c>, <c>example</c> and item of <c>examples</c> in every schema of every file.</summary>
    public List<SchemaValue> Values()
    {
        var found = new List<SchemaValue>();
        foreach (var (id, root) in _files) Walk(id, "", root, found);
        return found;
    }

    private static void Walk(string id, string pointer, JsonNode? node, List<SchemaValue> found)
    {
        if (node is not JsonObject schema) return; // true/false schemas hold nothing
        string location = id + "#" + pointer;
        foreach (var (keyword, value) in schema)
        {
            switch (keyword)
            {
                case "default":
                case "example":
                    found.Add(new SchemaValue(keyword, location, value?.DeepClone()));
                    break;
                case "examples":
                    foreach (var example in (JsonArray)value!) found.Add(new SchemaValue(keyword, location, example?.DeepClone()));
                    break;
                case "properties" or "definitions" or "$defs" or "patternProperties" or "dependencies":
                    foreach (var (name, child) in (JsonObject)value!) Walk(id, pointer + "/" + keyword + "/" + Escape(name), child, found);
                    break;
                case "oneOf" or "anyOf" or "allOf" or "items" when value is JsonArray branches:
                    for (int i = 0; i < branches.Count; i++) Walk(id, pointer + "/" + keyword + "/" + i, branches[i], found);
                    break;
                default:
                    if (s_schemaKeywords.Contains(keyword)) Walk(id, pointer + "/" + keyword, value, found);
                    else if (!s_plainKeywords.Contains(keyword)) throw new InvalidOperationException($"{location} has the keyword \"{keyword}\", which this walker does not know; teach it whether it holds schemas.");
                    break;
            }
        }
    }

    /// <summary>A JSON pointer segment, escaped as RFC 6901 says.</summary>
    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");

    // ---- Locations and $ref ----

    /// <summary>The schema at <c>id#pointer</c>.</summary>
    public JsonNode At(string location)
    {
        int hash = location.IndexOf('#');
        string id = location.Substring(0, hash);
        string pointer = location.Substring(hash + 1);
        if (!_files.TryGetValue(id, out var root)) throw new KeyNotFoundException("No schema file has the id " + id);
        JsonNode node = root;
        foreach (string segment in pointer.Split('/').Skip(1))
        {
            string name = Unescape(segment);
            node = node switch
            {
                JsonObject o => o[name],
                JsonArray a => a[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)],
                _ => null,
            } ?? throw new KeyNotFoundException($"{id} has nothing at #{pointer}");
        }
        return node;
    }

    /// <summary>Where a schema's chain of <c>$ref</c>s ends, as a location (the location itself when it has none).</summary>
    public string Resolve(string location)
    {
        for (int hops = 0; hops < 32; hops++)
        {
            if (At(location) is not JsonObject schema || schema["$ref"] is not JsonValue reference) return location;
            var target = new Uri(new Uri("https://schemas.invalid" + location.Substring(0, location.IndexOf('#'))), (string)reference!);
            location = target.AbsolutePath + "#" + Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
        }
        throw new InvalidOperationException("The $ref chain from " + location + " does not end.");
    }

    private JsonObject? Schema(string location) => At(Resolve(location)) as JsonObject;

    // ---- Whether a value fits ----

    /// <summary>
    /// Why <paramref name="value"/> does not fit the schema at <paramref name="location"/>, or null when it does. Checks
    /// what decides whether a typed model can hold it: <c>type</c>, <c>enum</c>, <c>const</c>, <c>required</c>,
    /// <c>properties</c>, <c>additionalProperties</c>, <c>items</c> and the branches; not string patterns, lengths or
    /// bounds, which the models do not check either.
    /// </summary>
    public string? Misfit(string location, JsonNode? value)
    {
        location = Resolve(location);
        if (At(location) is not JsonObject schema) return null;
        if (schema["const"] is { } constant && !JsonNode.DeepEquals(constant, value)) return $"{location}: not the const {constant.ToJsonString()}";
        if (schema["enum"] is JsonArray listed && !listed.Any(v => JsonNode.DeepEquals(v, value))) return $"{location}: not one of {listed.ToJsonString()}";
        if (schema["type"] is { } type)
        {
            var types = type is JsonArray many ? many.Select(t => (string)t!).ToArray() : new[] { (string)type! };
            if (!types.Any(t => IsOfType(value, t))) return $"{location}: a {Kind(value)} where the schema says {type.ToJsonString()}";
        }
        foreach (string keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is JsonArray branches
                && !Enumerable.Range(0, branches.Count).Any(i => Misfit(location + "/" + keyword + "/" + i, value) is null))
            {
                return $"{location}: fits none of its {keyword} branches";
            }
        }
        if (schema["allOf"] is JsonArray all)
        {
            for (int i = 0; i < all.Count; i++)
            {
                if (Misfit(location + "/allOf/" + i, value) is { } why) return why;
            }
        }
        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            foreach (var required in (schema["required"] as JsonArray)?.Select(r => (string)r!) ?? Enumerable.Empty<string>())
            {
                if (!obj.ContainsKey(required)) return $"{location}: lacks the required \"{required}\"";
            }
            foreach (var (name, child) in obj)
            {
                string? why = properties?.ContainsKey(name) == true
                    ? Misfit(location + "/properties/" + Escape(name), child)
                    : schema["additionalProperties"] switch
                    {
                        JsonObject => Misfit(location + "/additionalProperties", child),
                        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.False => $"{location}: no property \"{name}\" allowed",
                        _ => null,
                    };
                if (why is not null) return why;
            }
        }
        if (value is JsonArray array && schema["items"] is JsonObject)
        {
            for (int i = 0; i < array.Count; i++)
            {
                if (Misfit(location + "/items", array[i]) is { } why) return $"[{i}] {why}";
            }
        }
        return null;
    }

    private static bool IsOfType(JsonNode? value, string type) => type switch
    {
        "null" => value is null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue s && s.GetValueKind() == System.Text.Json.JsonValueKind.String,
        "boolean" => value is JsonValue b && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
        "number" => value is JsonValue n && n.GetValueKind() == System.Text.Json.JsonValueKind.Number,
        "integer" => value is JsonValue i && i.GetValueKind() == System.Text.Json.JsonValueKind.Number && decimal.TryParse(i.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal d) && d == decimal.Truncate(d),
        _ => throw new InvalidOperationException("Unknown JSON schema type " + type),
    };

    private static string Kind(JsonNode? value) => value is null ? "null" : value.GetValueKind().ToString().ToLowerInvariant();

    // ---- Making instances ----

    /// <summary>
    /// A value that fits the schema at <paramref name="location"/>, made from the schema alone: the first of an
    /// <c>enum</c>, the <c>const</c>, the first branch of a union; for an object its required properties, or with
    /// <paramref name="full"/> every property it lists (and one entry of a map or free object, one item of an array).
    /// Times are in TaskCluster's form, so a model must write back exactly this.
    /// </summary>
    public JsonNode? Instance(string location, bool full, int depth = 0)
    {
        location = Resolve(location);
        if (depth > 12) throw new InvalidOperationException("Schemas nest deeper than expected at " + location);
        if (At(location) is not JsonObject schema) return full ? "anything" : null;
        if (schema["const"] is { } constant) return constant.DeepClone();
        if (schema["enum"] is JsonArray listed) return listed[0]?.DeepClone();
        string? type = schema["type"] switch
        {
            JsonArray many => many.Select(t => (string)t!).FirstOrDefault(t => t != "null") ?? "null",
            JsonValue one => (string)one!,
            _ => schema.ContainsKey("properties") ? "object" : schema.ContainsKey("items") ? "array" : null,
        };
        // Branches of a string (formats it may have, say) only narrow it; of anything else they say what it is.
        if (type is not ("string" or "integer" or "number" or "boolean"))
        {
            foreach (string keyword in new[] { "oneOf", "anyOf", "allOf" })
            {
                if (schema[keyword] is JsonArray { Count: > 0 }) return Instance(location + "/" + keyword + "/0", full, depth + 1);
            }
        }
        switch (type)
        {
            case "object":
            {
                var result = new JsonObject();
                var properties = schema["properties"] as JsonObject ?? new JsonObject();
                var required = new HashSet<string>((schema["required"] as JsonArray)?.Select(r => (string)r!) ?? Enumerable.Empty<string>());
                foreach (var (name, _) in properties)
                {
                    if (full || required.Contains(name)) result[name] = Instance(location + "/properties/" + Escape(name), full, depth + 1);
                }
                if (full && properties.Count == 0)
                {
                    result["key"] = schema["additionalProperties"] is JsonObject ? Instance(location + "/additionalProperties", full, depth + 1) : "value";
                }
                return result;
            }
            case "array":
                return full && schema["items"] is JsonObject ? new JsonArray(Instance(location + "/items", full, depth + 1)) : new JsonArray();
            case "string":
                return (string?)schema["format"] == "date-time" ? "2026-11-30T12:34:56.789Z" : full ? "text-" + depth : "x";
            case "integer":
                return schema["minimum"] is JsonValue minimum ? (long)(double)minimum! : full ? 7 : 0;
            case "number":
                return full ? 2.5 : 0;
            case "boolean":
                return full;
            default:
                // No type: a value the models hold as raw JSON.
                return full ? new JsonObject { ["raw"] = new JsonArray(1, "two") } : null;
        }
    }
}
