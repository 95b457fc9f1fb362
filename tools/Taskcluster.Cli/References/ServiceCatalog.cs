using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Taskcluster.Cli.References;

/// <summary>
/// The builtin references (the SDK's references/apis.json, embedded in the tool) arranged as the command line names
/// them: services by their service name (<c>queue</c>, <c>worker-manager</c>), entries by their reference name.
/// </summary>
internal sealed class ServiceCatalog
{
    private ServiceCatalog(IReadOnlyList<CatalogService> apis, IReadOnlyList<CatalogService> exchanges)
    {
        Apis = apis;
        Exchanges = exchanges;
    }

    /// <summary>The API references, ordered by command name.</summary>
    public IReadOnlyList<CatalogService> Apis { get; }

    /// <summary>The exchange references, ordered by command name.</summary>
    public IReadOnlyList<CatalogService> Exchanges { get; }

    public static ServiceCatalog LoadBuiltin()
    {
        using var stream = typeof(ServiceCatalog).Assembly.GetManifestResourceStream("apis.json")
            ?? throw new InvalidOperationException("The builtin references are missing from the tool's assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Load(reader.ReadToEnd());
    }

    /// <summary>Reads an apis.json-shaped map.</summary>
    internal static ServiceCatalog Load(string apisJson)
    {
        // The SDK's reader checks every reference and gives the entries clients call with; the entries' titles and
        // descriptions, which only help needs, are not part of its model, so they are read from the same text here.
        var references = Reference.ParseMap(apisJson);
        using var document = JsonDocument.Parse(apisJson);
        var apis = new List<CatalogService>();
        var exchanges = new List<CatalogService>();
        foreach (var pair in references)
        {
            var docs = EntryDocs(document.RootElement.GetProperty(pair.Key));
            var service = new CatalogService(CommandName(pair.Key, pair.Value), pair.Key, pair.Value, docs);
            (pair.Value.Kind == ReferenceKind.Api ? apis : exchanges).Add(service);
        }
        apis.Sort((a, b) => string.CompareOrdinal(a.CommandName, b.CommandName));
        exchanges.Sort((a, b) => string.CompareOrdinal(a.CommandName, b.CommandName));
        return new ServiceCatalog(apis, exchanges);
    }

    /// <summary>
    /// Today's references go by their service name, as a deployment's URLs do (<c>/api/worker-manager/v1</c>); the
    /// 2014 ones have none, so their map key without <c>Events</c>, in lower case (<c>scheduler</c>).
    /// </summary>
    private static string CommandName(string key, Reference reference)
    {
        if (reference.ServiceName is { Length: > 0 } serviceName) return serviceName;
        string name = key.EndsWith("Events", StringComparison.Ordinal) ? key.Substring(0, key.Length - "Events".Length) : key;
        return name.ToLowerInvariant();
    }

    private static Dictionary<string, EntryDoc> EntryDocs(JsonElement mapValue)
    {
        var docs = new Dictionary<string, EntryDoc>(StringComparer.Ordinal);
        if (!mapValue.TryGetProperty("reference", out var reference) || !reference.TryGetProperty("entries", out var entries)) return docs;
        foreach (var entry in entries.EnumerateArray())
        {
            if (Text(entry, "name") is not { } name) continue;
            docs[name] = new EntryDoc(Text(entry, "title") ?? string.Empty, Text(entry, "description") ?? string.Empty, Text(entry, "stability"));
        }
        return docs;
    }

    private static string? Text(JsonElement element, string property)
        => element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One reference of the catalogue.</summary>
/// <param name="CommandName">How the command line names it, for example <c>queue</c>.</param>
/// <param name="Key">Its key in apis.json, for example <c>QueueEvents</c>.</param>
/// <param name="Reference">The parsed reference.</param>
/// <param name="Docs">Title, description and stability of each entry, by entry name.</param>
internal sealed record CatalogService(string CommandName, string Key, Reference Reference, IReadOnlyDictionary<string, EntryDoc> Docs)
{
    public EntryDoc DocOf(string entryName) => Docs.TryGetValue(entryName, out var doc) ? doc : EntryDoc.None;
}

/// <summary>What help shows about one entry.</summary>
internal sealed record EntryDoc(string Title, string Description, string? Stability)
{
    public static EntryDoc None { get; } = new(string.Empty, string.Empty, null);
}
