using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Taskcluster.References;

/// <summary>
/// How references and schemas point at schemas: resolving an <c>input</c>/<c>output</c>/<c>schema</c> id or a
/// <c>$ref</c> to the path of the schema file it names, finding every <c>$ref</c> in a schema, and mapping a
/// schema's path to where it is stored.
/// </summary>
public static class SchemaLinks
{
    /// <summary>The folder below the root URL that holds every schema.</summary>
    public const string SchemasPrefix = "/schemas/";

    // A stand-in origin for resolving relative links with Uri's RFC 3986 rules while staying independent of the
    // deployment's real root URL; ".invalid" can never be a real host.
    private const string Origin = "https://deployment.invalid";

    // Keywords whose values are data, not schemas: a "$ref" key inside an example is not a link.
    private static readonly HashSet<string> DataKeywords = new(StringComparer.Ordinal) { "enum", "const", "default", "examples" };

    // Keywords whose values map arbitrary names to schemas: the names are not keywords, even "enum" or "$ref".
    private static readonly HashSet<string> NamedSchemaKeywords = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "definitions", "$defs", "dependencies",
    };

    /// <summary>The base a service's entry ids are relative to: <c>v1/task.json#</c> of <c>queue</c> is <c>/schemas/queue/v1/task.json</c>.</summary>
    /// <param name="serviceName">The reference's <c>serviceName</c>.</param>
    /// <returns>A path ending with <c>/</c>.</returns>
    public static string ServiceBase(string serviceName) => SchemasPrefix + serviceName + "/";

    /// <summary>Resolves a link to the schema file it names.</summary>
    /// <param name="deployment">The deployment, which decides whether an absolute URL is one of its own.</param>
    /// <param name="basePath">The path the link is relative to: the linking schema's own path, or a service's base.</param>
    /// <param name="link">The id or <c>$ref</c> as written, fragment and all.</param>
    /// <returns>The schema file's path (fragment dropped), or null when it is outside the deployment.</returns>
    /// <exception cref="ToolException">Exit 5 when the link is not a URI reference or points into the deployment but not at a schema file.</exception>
    public static string? Resolve(Deployment deployment, string basePath, string link)
    {
        if (!Uri.TryCreate(new Uri(Origin + basePath), link, out var resolved))
            throw new ToolException(ExitCodes.NotAReference, $"'{link}' is not a URI reference.");
        string? path = string.Equals(resolved.GetLeftPart(UriPartial.Authority), Origin, StringComparison.OrdinalIgnoreCase)
            ? Uri.UnescapeDataString(resolved.AbsolutePath)
            : deployment.PathOf(new Uri(resolved.GetLeftPart(UriPartial.Path)));
        if (path is null) return null;
        if (StoragePath(path) is null)
            throw new ToolException(ExitCodes.NotAReference, $"'{link}' leads to {path}, which is not a schema file below {SchemasPrefix}.");
        return path;
    }

    /// <summary>
    /// Where a schema is stored below the schemas folder, <c>/schemas/queue/v1/task.json</c> → <c>queue/v1/task.json</c>,
    /// or null if the path is not one the tool stores: every segment must be a plain file or folder name, so no
    /// link can make the tool write outside that folder or create hidden files.
    /// </summary>
    /// <param name="path">A path below the root URL.</param>
    /// <returns>The relative storage path with <c>/</c> separators, or null.</returns>
    public static string? StoragePath(string path)
    {
        if (!path.StartsWith(SchemasPrefix, StringComparison.Ordinal)) return null;
        string relative = path.Substring(SchemasPrefix.Length);
        string[] segments = relative.Split('/');
        if (segments.Length < 2) return null; // a schema lives in a service's folder
        foreach (string segment in segments)
        {
            if (segment.Length == 0 || segment[0] == '.') return null;
            foreach (char c in segment)
            {
                if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' or '-')) return null;
            }
        }
        return relative;
    }

    /// <summary>Every <c>$ref</c> in a schema, in document order.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The links as written.</returns>
    /// <exception cref="ToolException">Exit 5 when a <c>$ref</c> keyword's value is not a string.</exception>
    public static List<string> References(JsonElement schema)
    {
        var links = new List<string>();
        Walk(schema, links);
        return links;
    }

    private static void Walk(JsonElement value, List<string> links)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray()) Walk(item, links);
            return;
        }
        if (value.ValueKind != JsonValueKind.Object) return;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name == "$ref")
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    throw new ToolException(ExitCodes.NotAReference, "a \"$ref\" is not a string.");
                links.Add(property.Value.GetString()!);
            }
            else if (NamedSchemaKeywords.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var named in property.Value.EnumerateObject()) Walk(named.Value, links);
            }
            else if (!DataKeywords.Contains(property.Name))
            {
                Walk(property.Value, links);
            }
        }
    }
}
