using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Model.Schemas;
using Taskcluster.Generators.Parsing.Schemas;

namespace Taskcluster.Generators.Emitting;

/// <summary>A service to emit, with the models of the schemas its entries name (value-equal, so it caches).</summary>
/// <param name="Service">The service.</param>
/// <param name="Types">The client-facing models its entries name, sorted by schema id.</param>
internal sealed record TypedService(ServiceModel Service, EquatableArray<SchemaClientType> Types)
{
    /// <summary>Every namespace's client-facing models in one list, sorted by schema id (the first of an id wins).</summary>
    public static EquatableArray<SchemaClientType> Index(ImmutableArray<EquatableArray<SchemaClientType>> namespaces)
    {
        var all = new SortedDictionary<string, SchemaClientType>(StringComparer.Ordinal);
        foreach (var types in namespaces)
        {
            foreach (var type in types)
            {
                if (!all.ContainsKey(type.SchemaId)) all.Add(type.SchemaId, type);
            }
        }
        return EquatableArray<SchemaClientType>.From(all.Values);
    }

    /// <summary>The service with no models: every entry keeps the JSON forms.</summary>
    public static TypedService Untyped(ServiceModel service) => new(service, EquatableArray<SchemaClientType>.Empty);

    /// <summary>The service with the models of the schemas its functions and exchanges name.</summary>
    public static TypedService For(ServiceModel service, EquatableArray<SchemaClientType> index)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in service.Functions)
        {
            if (SchemaId(service, function.Input) is { } input) wanted.Add(input);
            if (SchemaId(service, function.Output) is { } output) wanted.Add(output);
        }
        foreach (var exchange in service.Exchanges)
        {
            if (SchemaId(service, exchange.Schema) is { } schema) wanted.Add(schema);
        }
        var used = new List<SchemaClientType>();
        foreach (var type in index)
        {
            if (wanted.Contains(type.SchemaId)) used.Add(type);
        }
        return new TypedService(service, EquatableArray<SchemaClientType>.From(used));
    }

    /// <summary>The model of the schema an entry names, or null when there is none (the entry keeps JSON forms).</summary>
    public SchemaClientType? Find(string? schema)
    {
        if (SchemaId(Service, schema) is not { } id) return null;
        foreach (var type in Types)
        {
            if (type.SchemaId == id) return type;
        }
        return null;
    }

    /// <summary>
    /// The id of the schema file an entry names: today's references write it relative to the service
    /// (<c>v1/task-status-response.json#</c> → <c>/schemas/queue/v1/task-status-response.json</c>); an absolute
    /// <c>/schemas/…</c> path or deployment URL also works. Null for no schema, for a pointer into a file, and for
    /// 2014 references, whose schema URLs have no <c>/schemas/&lt;service&gt;/</c> form.
    /// </summary>
    private static string? SchemaId(ServiceModel service, string? schema)
    {
        if (string.IsNullOrEmpty(schema)) return null;
        // A relative name needs a service to resolve against; a 2014 reference has none.
        bool absolute = schema![0] == '/' || schema.IndexOf("://", StringComparison.Ordinal) > 0;
        if (service.ServiceName.Length == 0 && !absolute) return null;
        if (SchemaReference.TryResolve("/schemas/" + service.ServiceName + "/", schema, out string id, out string pointer) is not null) return null;
        return pointer.Length == 0 && id.StartsWith("/schemas/", StringComparison.Ordinal) ? id : null;
    }
}
