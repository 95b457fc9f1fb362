using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Taskcluster.Generators.Parsing.Schemas;

/// <summary>
/// Schema ids and <c>$ref</c>s as TaskCluster writes them: <c>task.json#</c>, <c>./task.json#</c>,
/// <c>task.json#/properties/priority</c>, <c>#/definitions/x</c> and <c>/schemas/&lt;service&gt;/v1/x.json#</c>.
/// </summary>
internal static class SchemaReference
{
    private const string SchemasRoot = "/schemas/";

    /// <summary>
    /// Resolves <paramref name="reference"/> against the id of the file it is in. The pointer comes back in the one
    /// escaped form the reader gives every schema, so that it can be looked up directly.
    /// </summary>
    /// <returns>Null when it resolves; otherwise why not.</returns>
    public static string? TryResolve(string baseId, string reference, out string id, out string pointer)
    {
        id = "";
        pointer = "";
        int hash = reference.IndexOf('#');
        string uri = hash < 0 ? reference : reference.Substring(0, hash);
        string fragment = hash < 0 ? "" : PercentDecode(reference.Substring(hash + 1));
        if (fragment.Length > 0 && fragment[0] != '/')
        {
            return "only JSON-pointer fragments (\"#/…\") are supported, not anchors";
        }

        var segments = new List<string>();
        if (fragment.Length > 0)
        {
            foreach (string raw in fragment.Substring(1).Split('/')) segments.Add(Unescape(raw));
        }
        pointer = Pointer(segments);

        if (uri.Length == 0)
        {
            id = baseId;
            return null;
        }
        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            int schemas = uri.IndexOf(SchemasRoot, uri.IndexOf("//", StringComparison.Ordinal) + 2, StringComparison.Ordinal);
            if (schemas < 0) return "an absolute URL must point under /schemas/ on a deployment";
            uri = uri.Substring(schemas);
        }
        string path = uri[0] == '/' ? uri : baseId.Substring(0, baseId.LastIndexOf('/') + 1) + uri;
        id = Normalize(path);
        return null;
    }

    /// <summary>
    /// A schema file's id from its <c>$id</c> (<c>/schemas/queue/v1/task.json#</c>, or a URL with that path), or
    /// null when it has none of that form.
    /// </summary>
    public static string? IdFromDollarId(string dollarId)
    {
        int hash = dollarId.IndexOf('#');
        string uri = hash < 0 ? dollarId : dollarId.Substring(0, hash);
        int schemas = uri.IndexOf(SchemasRoot, StringComparison.Ordinal);
        if (schemas < 0) return null;
        string id = Normalize(uri.Substring(schemas));
        return ServiceOf(id) is null ? null : id;
    }

    /// <summary>
    /// A schema file's id from its path, when that ends with <c>&lt;service&gt;/&lt;version&gt;/&lt;name&gt;.json</c>
    /// (the layout <c>references/schemas/</c> has); null otherwise.
    /// </summary>
    public static string? IdFromPath(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        if (parts.Length < 3) return null;
        string service = parts[parts.Length - 3];
        string version = parts[parts.Length - 2];
        string file = parts[parts.Length - 1];
        if (service.Length == 0 || version.Length == 0 || !file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || file.Length == 5)
        {
            return null;
        }
        return SchemasRoot + service + "/" + version + "/" + file;
    }

    /// <summary>The service of an id (<c>/schemas/queue/v1/task.json</c> → <c>queue</c>), or null.</summary>
    public static string? ServiceOf(string id)
    {
        if (!id.StartsWith(SchemasRoot, StringComparison.Ordinal)) return null;
        int slash = id.IndexOf('/', SchemasRoot.Length);
        if (slash <= SchemasRoot.Length || slash == id.Length - 1) return null;
        return id.Substring(SchemasRoot.Length, slash - SchemasRoot.Length);
    }

    /// <summary>The file name of an id without <c>.json</c> (<c>/schemas/queue/v1/task-status.json</c> → <c>task-status</c>).</summary>
    public static string StemOf(string id)
    {
        string name = id.Substring(id.LastIndexOf('/') + 1);
        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 5) : name;
    }

    /// <summary>A JSON pointer from unescaped segments.</summary>
    public static string Pointer(IEnumerable<string> segments)
    {
        var builder = new StringBuilder();
        foreach (string segment in segments) builder.Append('/').Append(Escape(segment));
        return builder.ToString();
    }

    /// <summary>One pointer segment escaped (RFC 6901: <c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>).</summary>
    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");

    private static string Normalize(string path)
    {
        var kept = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (kept.Count > 0) kept.RemoveAt(kept.Count - 1);
                continue;
            }
            kept.Add(part);
        }
        return "/" + string.Join("/", kept);
    }

    // A fragment is a URI part, so a pointer in it may be percent-encoded ("#/properties/a%20b").
    private static string PercentDecode(string text)
    {
        if (text.IndexOf('%') < 0) return text;
        var bytes = new List<byte>();
        int plainStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '%' || i + 2 >= text.Length
                || !byte.TryParse(text.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                continue;
            }
            bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(plainStart, i - plainStart)));
            bytes.Add(b);
            i += 2;
            plainStart = i + 1;
        }
        bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(plainStart)));
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
