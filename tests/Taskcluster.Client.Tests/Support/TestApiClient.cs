using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Support;

/// <summary>
/// Stands in for the generated Queue/Auth/Scheduler/index clients: the same base class, fed with the builtin
/// references read at run time, so the runtime can be tested through its by-name API before the generator exists.
/// </summary>
internal sealed class TestApiClient : ApiClient
{
    private TestApiClient(string defaultBaseUrl, IReadOnlyList<ApiEntry> entries, ClientOptions? options)
        : base(defaultBaseUrl, entries, options)
    {
    }

    /// <summary>A client for one of the builtin references: <c>Queue</c>, <c>Auth</c>, <c>Scheduler</c> or <c>index</c>.</summary>
    public static TestApiClient Create(string clientName, ClientOptions? options = null)
    {
        var reference = References.Get(clientName);
        return new TestApiClient(reference.BaseUrl, reference.Entries, options);
    }

    public ApiEntry Entry(string name) => Entries.Single(entry => entry.Name == name);
}

/// <summary>The builtin API references, parsed once.</summary>
internal static class References
{
    private static readonly Lazy<Dictionary<string, Reference>> s_all = new(Load);

    public static IReadOnlyCollection<Reference> All => s_all.Value.Values;

    public static Reference Get(string clientName) => s_all.Value[clientName];

    private static Dictionary<string, Reference> Load()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "References", "apis.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new Dictionary<string, Reference>(StringComparer.Ordinal);
        foreach (var client in document.RootElement.EnumerateObject())
        {
            var reference = client.Value.GetProperty("reference");
            if (!reference.TryGetProperty("baseUrl", out var baseUrl)) continue; // an exchange reference
            var entries = new List<ApiEntry>();
            foreach (var entry in reference.GetProperty("entries").EnumerateArray())
            {
                if (entry.GetProperty("type").GetString() != "function") continue;
                entries.Add(new ApiEntry(
                    entry.GetProperty("name").GetString()!,
                    entry.GetProperty("method").GetString()!,
                    entry.GetProperty("route").GetString()!,
                    entry.GetProperty("args").EnumerateArray().Select(arg => arg.GetString()!).ToArray(),
                    hasInput: entry.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String,
                    hasOutput: entry.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.String));
            }
            result[client.Name] = new Reference(client.Name, baseUrl.GetString()!, entries);
        }
        return result;
    }
}

internal sealed record Reference(string ClientName, string BaseUrl, IReadOnlyList<ApiEntry> Entries);
