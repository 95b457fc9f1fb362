using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Support;

/// <summary>The committed vectors of the original client (tests/Taskcluster.Client.Tests/Vectors), parsed once.</summary>
internal static class Vectors
{
    public const string ClientId = "test-client";
    public const string AccessToken = "test-token";

    private static readonly Lazy<JsonDocument> s_document = new(() => JsonDocument.Parse(File.ReadAllBytes(
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", "taskcluster-client-0.15.3.json"))));

    public static Credentials Credentials => new(ClientId, AccessToken);

    public static IEnumerable<JsonElement> Section(string name) => s_document.Value.RootElement.GetProperty(name).EnumerateArray();

    /// <summary>Test cases for one section, each named by its description (or its method and arguments).</summary>
    public static IEnumerable<TestCaseData> Cases(string section, Func<JsonElement, bool>? where = null)
    {
        int index = 0;
        foreach (var vector in Section(section))
        {
            index++;
            if (where is not null && !where(vector)) continue;
            string name = vector.TryGetProperty("description", out var description)
                ? description.GetString()!
                : $"{vector.GetProperty("method").GetString()}({vector.GetProperty("args").GetRawText()})";
            yield return new TestCaseData(vector).SetArgDisplayNames($"{section}[{index}] {name}");
        }
    }

    /// <summary>A vector argument as the C# API takes it: text as is, numbers as their text, null/undefined as null.</summary>
    public static string? Arg(JsonElement arg) => arg.ValueKind switch
    {
        JsonValueKind.String when arg.GetString() == "<undefined>" => null,
        JsonValueKind.String => arg.GetString(),
        JsonValueKind.Number => arg.GetRawText(),
        JsonValueKind.Null => null,
        _ => throw new ArgumentException($"Not a route argument: {arg.GetRawText()}"),
    };

    /// <summary>The reference a request vector's URL belongs to (by host, or by the only client having the entry).</summary>
    public static Reference ReferenceFor(JsonElement vector)
    {
        string entry = vector.GetProperty("method").GetString()!;
        var host = new Uri(vector.GetProperty("urlUsedByClient").GetString()!).Host;
        return References.All.FirstOrDefault(r => new Uri(r.BaseUrl).Host == host && r.Entries.Any(e => e.Name == entry))
            ?? References.All.Single(r => r.Entries.Any(e => e.Name == entry));
    }

    /// <summary>The authorized scopes a request vector was recorded with, read back from its ext.</summary>
    public static IReadOnlyList<string>? AuthorizedScopes(JsonElement vector)
    {
        if (!vector.TryGetProperty("hawk", out var hawk) || !hawk.TryGetProperty("extDecoded", out var ext)) return null;
        using var document = JsonDocument.Parse(ext.GetString()!);
        return document.RootElement.GetProperty("authorizedScopes").EnumerateArray().Select(s => s.GetString()!).ToArray();
    }

    public static string? OptionalString(JsonElement element, string property)
        => element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
