using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taskcluster.Local;

/// <summary>
/// The builtin references and schemas embedded in this assembly (from the repository's <c>references/</c>), by the
/// root-relative path a TaskCluster deployment publishes each at: <c>/references/queue/v1/api.json</c>,
/// <c>/schemas/queue/v1/task.json</c>. Read once per process: they never change while it runs.
/// </summary>
internal sealed class BuiltinReferences
{
    private static readonly Lazy<BuiltinReferences> s_instance = new(Load);

    private BuiltinReferences(Dictionary<string, (string ServiceName, byte[] Json)> references, Dictionary<string, byte[]> schemas)
    {
        References = references;
        Schemas = schemas;
    }

    public static BuiltinReferences Instance => s_instance.Value;

    /// <summary>Today's-format references by path, with their service name. (The 2014 Scheduler references have no such path.)</summary>
    public IReadOnlyDictionary<string, (string ServiceName, byte[] Json)> References { get; }

    /// <summary>Schemas by path.</summary>
    public IReadOnlyDictionary<string, byte[]> Schemas { get; }

    private static BuiltinReferences Load()
    {
        var assembly = typeof(BuiltinReferences).Assembly;
        var references = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        using (var apis = JsonDocument.Parse(Read(assembly, "references/apis.json")))
        {
            foreach (var api in apis.RootElement.EnumerateObject())
            {
                var reference = api.Value.GetProperty("reference");
                if (!api.Value.TryGetProperty("referenceUrl", out var url) || url.GetString() is not { } path || !path.StartsWith("/references/", StringComparison.Ordinal)
                    || !reference.TryGetProperty("serviceName", out var serviceName))
                {
                    continue;
                }
                references[path] = (serviceName.GetString()!, JsonSerializer.SerializeToUtf8Bytes(reference));
            }
        }
        var schemas = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            // The resource names follow the file tree; MSBuild writes '\' there on Windows.
            string normalized = resource.Replace('\\', '/');
            if (normalized.StartsWith("schemas/", StringComparison.Ordinal)) schemas["/" + normalized] = Read(assembly, resource);
        }
        return new BuiltinReferences(references, schemas);
    }

    /// <summary>
    /// The manifest (<c>/references/manifest.json</c>) of the references whose service is in
    /// <paramref name="services"/>, root-relative and sorted, as a deployment publishes it.
    /// </summary>
    public JsonObject Manifest(IEnumerable<string> services)
    {
        var served = new HashSet<string>(services, StringComparer.Ordinal);
        var list = new JsonArray();
        foreach (string path in References.Where(pair => served.Contains(pair.Value.ServiceName)).Select(pair => pair.Key).OrderBy(p => p, StringComparer.Ordinal))
            list.Add(path);
        return new JsonObject { ["$schema"] = "/schemas/common/manifest-v3.json#", ["references"] = list };
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource '{name}' is missing from {assembly.GetName().Name}; it is embedded from references/ at build time.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
