using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.References;

/// <summary>What a deployment provides for the builtin set: its references and every schema they use.</summary>
/// <param name="References">The builtin references it publishes, named by class, in ordinal name order.</param>
/// <param name="Schemas">Every schema they use, by storage path (<c>queue/v1/task.json</c>), in ordinal order.</param>
/// <param name="Skipped">One line per listed reference that was left out, and why.</param>
/// <param name="External">Links to schemas outside the deployment, which are not fetched, in ordinal order.</param>
/// <param name="Missing">Builtin references the deployment does not publish.</param>
public sealed record DeploymentSnapshot(
    IReadOnlyList<ApisFileEntry> References,
    IReadOnlyList<KeyValuePair<string, JsonElement>> Schemas,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> External,
    IReadOnlyList<BuiltinReference> Missing);

/// <summary>
/// Reads a deployment: its manifest, every listed reference (keeping the builtin API and exchanges references and
/// naming the rest as skipped), then every schema those references use, following <c>$ref</c> links transitively.
/// Everything is fetched and checked before anything is returned; any failure is reported per document and then
/// thrown as one <see cref="ToolException"/>, exit 4 if anything could not be fetched, otherwise exit 5.
/// </summary>
public static class DeploymentReader
{
    /// <summary>How many documents are fetched at once: enough to hide latency, few enough to be polite to a server.</summary>
    public const int Parallelism = 8;

    // Service names become class names and folder names, so only the shape TaskCluster uses is accepted.
    private static readonly Regex ServiceNamePattern = new("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);

    /// <summary>Reads the builtin references and their schemas from a deployment.</summary>
    /// <param name="deployment">Where to read from.</param>
    /// <param name="error">Where each failing document is reported before the command fails.</param>
    /// <param name="cancellationToken">Cancels the fetches.</param>
    /// <returns>Everything the builtin set needs.</returns>
    /// <exception cref="ToolException">A document could not be fetched (4) or is malformed (5).</exception>
    public static async Task<DeploymentSnapshot> ReadAsync(Deployment deployment, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (deployment is null) throw new ArgumentNullException(nameof(deployment));
        if (error is null) throw new ArgumentNullException(nameof(error));
        var failures = new Failures(deployment, error);

        var listed = new List<string>();
        try
        {
            var manifest = await deployment.GetAsync(Deployment.ManifestPath, cancellationToken).ConfigureAwait(false);
            listed = ReadManifest(deployment, manifest);
        }
        catch (ToolException exception)
        {
            failures.Add(Deployment.ManifestPath, exception);
        }
        failures.ThrowIfAny();

        // References: fetch all that are listed, because only a document's own $schema says what kind it is.
        var fetched = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await FetchAllAsync(deployment, listed, fetched, failures, null, cancellationToken).ConfigureAwait(false);
        failures.ThrowIfAny();

        var references = new SortedDictionary<string, ApisFileEntry>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = new List<string>();
        var seeds = new List<(string Path, string Referrer)>();
        foreach (string path in listed)
        {
            failures.Try(path, () =>
            {
                var reference = fetched[path];
                var kind = BuiltinServices.KindOf(reference, out string? kindName);
                if (kind is null)
                {
                    if (kindName is null)
                        throw new ToolException(ExitCodes.NotAReference, "it has no \"$schema\" string saying what kind of reference it is.");
                    skipped.Add($"skipped {deployment.Describe(path)}: a {kindName} reference; clients are made from api and exchanges references only");
                    return;
                }
                string service = ServiceName(reference);
                if (!BuiltinServices.Includes(service, kind.Value))
                {
                    skipped.Add($"skipped {deployment.Describe(path)}: {service} {KindText(kind.Value)} is not in the builtin set");
                    return;
                }
                string name = BuiltinServices.ClassName(service, kind.Value);
                if (origins.TryGetValue(name, out string? earlier))
                    throw new ToolException(ExitCodes.NotAReference, $"it is a second {service} {KindText(kind.Value)} reference (the first is {deployment.Describe(earlier)}).");
                var ids = SchemaIds(reference);
                try
                {
                    ReferenceCheck.Validate(reference);
                }
                catch (ReferenceFormatException exception)
                {
                    throw new ToolException(ExitCodes.NotAReference, exception.Message, exception);
                }
                origins[name] = path;
                references[name] = new ApisFileEntry(name, deployment.ReferenceUrl(path), reference);
                foreach (var (entry, field, id) in ids)
                {
                    string referrer = $"{name} entry {entry} ({field})";
                    string? schema = SchemaLinks.Resolve(deployment, SchemaLinks.ServiceBase(service), id);
                    if (schema is null)
                        throw new ToolException(ExitCodes.NotAReference, $"{referrer} names '{id}', which is outside the deployment.");
                    seeds.Add((schema, referrer));
                }
            });
        }
        failures.ThrowIfAny();

        var (schemas, external) = await FetchSchemasAsync(deployment, seeds, failures, cancellationToken).ConfigureAwait(false);
        failures.ThrowIfAny();

        var missing = BuiltinServices.Set.Where(b => !references.ContainsKey(b.ClassName)).ToList();
        skipped.Sort(StringComparer.Ordinal);
        return new DeploymentSnapshot(references.Values.ToList(), schemas, skipped, external, missing);
    }

    private static string KindText(DeploymentReferenceKind kind) => kind == DeploymentReferenceKind.Api ? "api" : "exchanges";

    /// <summary>The manifest's reference paths, in the order listed, each once.</summary>
    private static List<string> ReadManifest(Deployment deployment, JsonElement manifest)
    {
        if (manifest.ValueKind != JsonValueKind.Object
            || !manifest.TryGetProperty("references", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new ToolException(ExitCodes.NotAReference, "it is not a manifest: it needs a \"references\" array of reference URLs.");
        }
        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new ToolException(ExitCodes.NotAReference, "it lists something that is not a URL string in \"references\".");
            string link = item.GetString()!;
            // Today's manifests list paths below the root URL ("/references/queue/v1/api.json"); absolute URLs into
            // the same deployment mean the same thing.
            string? path = Uri.TryCreate(link, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
                ? deployment.PathOf(new Uri(absolute.GetLeftPart(UriPartial.Path)))
                : link.StartsWith('/') ? link : null;
            if (path is null || !path.StartsWith("/references/", StringComparison.Ordinal))
                throw new ToolException(ExitCodes.NotAReference, $"it lists '{link}', which is not a reference of this deployment (expected /references/…).");
            if (seen.Add(path)) paths.Add(path);
        }
        return paths;
    }

    private static string ServiceName(JsonElement reference)
    {
        if (!reference.TryGetProperty("serviceName", out var value) || value.ValueKind != JsonValueKind.String)
            throw new ToolException(ExitCodes.NotAReference, "it has no \"serviceName\" string.");
        string service = value.GetString()!;
        if (!ServiceNamePattern.IsMatch(service))
            throw new ToolException(ExitCodes.NotAReference, $"its serviceName '{service}' is not a TaskCluster service name (lower-case letters, digits and '-').");
        return service;
    }

    /// <summary>The schema ids of a reference's entries: <c>input</c> and <c>output</c> of functions, <c>schema</c> of exchanges.</summary>
    private static List<(string Entry, string Field, string Id)> SchemaIds(JsonElement reference)
    {
        if (!reference.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
            throw new ToolException(ExitCodes.NotAReference, "it has no \"entries\" array.");
        var ids = new List<(string, string, string)>();
        int index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
                throw new ToolException(ExitCodes.NotAReference, $"entries[{index}] is not an object.");
            string entryName = entry.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()!
                : $"#{index}";
            foreach (string field in new[] { "input", "output", "schema" })
            {
                if (!entry.TryGetProperty(field, out var id)) continue;
                if (id.ValueKind != JsonValueKind.String)
                    throw new ToolException(ExitCodes.NotAReference, $"entry {entryName}: \"{field}\" is not a schema id string.");
                // "blob" is the one output that names a kind of body instead of a schema.
                if (field == "output" && id.GetString() == "blob") continue;
                ids.Add((entryName, field, id.GetString()!));
            }
            index++;
        }
        return ids;
    }

    private static async Task<(IReadOnlyList<KeyValuePair<string, JsonElement>>, IReadOnlyList<string>)> FetchSchemasAsync(
        Deployment deployment, List<(string Path, string Referrer)> seeds, Failures failures, CancellationToken cancellationToken)
    {
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var referrers = new Dictionary<string, string>(StringComparer.Ordinal);
        var external = new SortedSet<string>(StringComparer.Ordinal);
        var wave = new List<string>();
        foreach (var (path, referrer) in seeds)
        {
            if (referrers.TryAdd(path, referrer)) wave.Add(path);
        }

        // Breadth first, one wave per link depth, so each wave's fetches run in parallel.
        while (wave.Count > 0)
        {
            var fetched = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            await FetchAllAsync(deployment, wave, fetched, failures, referrers, cancellationToken).ConfigureAwait(false);
            var next = new List<string>();
            foreach (string path in wave)
            {
                if (!fetched.TryGetValue(path, out var schema)) continue;
                failures.Try(path, () =>
                {
                    if (schema.ValueKind != JsonValueKind.Object)
                        throw new ToolException(ExitCodes.NotAReference, "it is not a JSON schema object.");
                    schemas[path] = schema;
                    foreach (string link in SchemaLinks.References(schema))
                    {
                        if (link.StartsWith('#')) continue; // within the same document
                        // Links are relative to the schema's own location; TaskCluster sets each schema's $id to exactly that.
                        string? target = SchemaLinks.Resolve(deployment, path, link);
                        if (target is null)
                        {
                            external.Add(link);
                            continue;
                        }
                        if (referrers.TryAdd(target, $"{path} ($ref '{link}')")) next.Add(target);
                    }
                });
            }
            wave = next;
        }

        var stored = new List<KeyValuePair<string, JsonElement>>();
        foreach (var (path, schema) in schemas) stored.Add(new(SchemaLinks.StoragePath(path)!, schema));
        stored.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return (stored, external.ToList());
    }

    private static async Task FetchAllAsync(
        Deployment deployment, IReadOnlyList<string> paths, Dictionary<string, JsonElement> into, Failures failures,
        IReadOnlyDictionary<string, string>? referrers, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Parallelism);
        var tasks = paths.Select(async path =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var document = await deployment.GetAsync(path, cancellationToken).ConfigureAwait(false);
                lock (into) into[path] = document;
            }
            catch (ToolException exception)
            {
                string? referrer = null;
                referrers?.TryGetValue(path, out referrer);
                failures.Add(path, referrer is null ? exception : new ToolException(exception.ExitCode, $"{exception.Message} It is used by {referrer}.", exception));
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Failures collected per document, reported in path order so the output does not depend on timing.</summary>
    private sealed class Failures
    {
        private readonly Deployment _deployment;
        private readonly TextWriter _error;
        private readonly SortedDictionary<string, ToolException> _byPath = new(StringComparer.Ordinal);

        public Failures(Deployment deployment, TextWriter error)
        {
            _deployment = deployment;
            _error = error;
        }

        public void Add(string path, ToolException exception)
        {
            lock (_byPath) _byPath.TryAdd(path, exception);
        }

        public void Try(string path, Action action)
        {
            try
            {
                action();
            }
            catch (ToolException exception)
            {
                Add(path, exception);
            }
        }

        public void ThrowIfAny()
        {
            if (_byPath.Count == 0) return;
            foreach (var (path, exception) in _byPath) _error.WriteLine($"{_deployment.Describe(path)}: failed: {exception.Message}");
            // Something missing outranks something malformed: with a document missing, the rest cannot be judged whole.
            bool unavailable = _byPath.Values.Any(e => e.ExitCode == ExitCodes.SourceUnavailable);
            int count = _byPath.Count;
            throw new ToolException(unavailable ? ExitCodes.SourceUnavailable : ExitCodes.NotAReference,
                $"nothing was written: {count} document{(count == 1 ? " was" : "s were")} missing or malformed (see above).");
        }
    }
}
