using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.References;

/// <summary>
/// The documents a TaskCluster deployment publishes, addressed by their path below the root URL
/// (<c>/references/manifest.json</c>, <c>/schemas/queue/v1/task.json</c>). Paths rather than URLs because that is
/// how TaskCluster itself links its documents (the manifest lists <c>/references/…</c>, schemas <c>$ref</c>
/// <c>/schemas/…</c>), so one reader serves a live deployment and a saved <c>references.json</c> alike.
/// </summary>
public abstract class Deployment
{
    /// <summary>Where the manifest that lists every reference is published.</summary>
    public const string ManifestPath = "/references/manifest.json";

    /// <summary>Where a document is, for messages: a URL, or a file name and the document's name in it.</summary>
    /// <param name="path">The document's path below the root URL.</param>
    /// <returns>A description a reader can follow.</returns>
    public abstract string Describe(string path);

    /// <summary>The <c>referenceUrl</c> recorded in <c>apis.json</c> for a reference published at <paramref name="path"/>.</summary>
    /// <param name="path">The reference's path below the root URL.</param>
    /// <returns>The URL (or, without a known root URL, the path itself).</returns>
    public abstract string ReferenceUrl(string path);

    /// <summary>The path of an absolute URL if it points into this deployment, otherwise null.</summary>
    /// <param name="url">An absolute URL without fragment.</param>
    /// <returns>The path below the root URL, starting with <c>/</c>, or null.</returns>
    public abstract string? PathOf(Uri url);

    /// <summary>Gets one JSON document.</summary>
    /// <param name="path">The document's path below the root URL.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The document, independent of any <see cref="JsonDocument"/>.</returns>
    /// <exception cref="ToolException">Exit 4 when it cannot be had, exit 5 when it is not JSON.</exception>
    public abstract Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken);

    /// <summary>Parses a fetched document, reporting bad JSON as a malformed document (exit 5).</summary>
    /// <param name="where">The document's description, for the message.</param>
    /// <param name="utf8Json">Its bytes.</param>
    /// <returns>The root element.</returns>
    /// <exception cref="ToolException">It is not JSON.</exception>
    protected static JsonElement ParseJson(string where, byte[] utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new ToolException(ExitCodes.NotAReference,
                $"{where} is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).", exception);
        }
    }
}

/// <summary>A live deployment, read over HTTP from its root URL.</summary>
public sealed class HttpDeployment : Deployment
{
    private readonly Uri _root;
    private readonly string _rootText;
    private readonly HttpClient _http;

    /// <summary>Creates the reader.</summary>
    /// <param name="rootUrl">The deployment's root URL, for example <c>https://tc.example.com</c>.</param>
    /// <param name="http">The client to fetch with.</param>
    /// <exception cref="ToolException">Exit 2 when <paramref name="rootUrl"/> is not an absolute http(s) URL without query or fragment.</exception>
    public HttpDeployment(string rootUrl, HttpClient http)
    {
        if (rootUrl is null) throw new ArgumentNullException(nameof(rootUrl));
        _http = http ?? throw new ArgumentNullException(nameof(http));
        if (!Uri.TryCreate(rootUrl, UriKind.Absolute, out var root)
            || (root.Scheme != Uri.UriSchemeHttp && root.Scheme != Uri.UriSchemeHttps)
            || root.Query.Length > 0 || root.Fragment.Length > 0)
        {
            throw new ToolException(ExitCodes.Usage,
                $"--root-url '{rootUrl}' is not a deployment's root URL; give an absolute http(s) URL such as https://tc.example.com.");
        }
        // TaskCluster appends "/references/…" and "/schemas/…" to the root URL as text, so a root with a path
        // prefix keeps it; only a trailing slash is dropped, as TaskCluster's own URL helpers do.
        _rootText = root.AbsoluteUri.TrimEnd('/');
        _root = new Uri(_rootText + "/");
    }

    /// <summary>The root URL without a trailing slash.</summary>
    public string RootUrl => _rootText;

    /// <inheritdoc />
    public override string Describe(string path) => _rootText + path;

    /// <inheritdoc />
    public override string ReferenceUrl(string path) => _rootText + path;

    /// <inheritdoc />
    public override string? PathOf(Uri url)
    {
        if (url is null) throw new ArgumentNullException(nameof(url));
        if (!string.Equals(url.Scheme, _root.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(url.Host, _root.Host, StringComparison.OrdinalIgnoreCase)
            || url.Port != _root.Port)
        {
            return null;
        }
        string prefix = _root.AbsolutePath; // ends with '/'
        string path = url.AbsolutePath;
        return path.StartsWith(prefix, StringComparison.Ordinal) ? path.Substring(prefix.Length - 1) : null;
    }

    /// <summary>How many times a document is requested when the connection fails below HTTP.</summary>
    public const int Attempts = 3;

    /// <inheritdoc />
    public override async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        string url = Describe(path);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                byte[] bytes = await ReferenceSource.DownloadAsync(url, _http, cancellationToken).ConfigureAwait(false);
                return ParseJson(url, bytes);
            }
            catch (ToolException failure) when (attempt < Attempts && ReferenceSource.IsNetworkFailure(failure))
            {
                // One update makes hundreds of GETs over pooled connections; a server or proxy that closes an idle
                // one at the wrong moment should not fail the whole run. GET is safe to repeat. An HTTP error status
                // is an answer, not a glitch, and is not retried.
                await Task.Delay(100 * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>
/// A deployment saved as one file: the list <c>[{"filename": "references/queue/v1/api.json", "content": {…}}, …]</c>
/// that TaskCluster publishes at <c>&lt;rootUrl&gt;/references/references.json</c>. Nothing is fetched.
/// </summary>
public sealed class ReferencesFileDeployment : Deployment
{
    private readonly string _fileName;
    private readonly Dictionary<string, JsonElement> _documents;

    private ReferencesFileDeployment(string fileName, Dictionary<string, JsonElement> documents)
    {
        _fileName = fileName;
        _documents = documents;
    }

    /// <summary>Reads the file.</summary>
    /// <param name="path">The file's full path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The deployment it describes.</returns>
    /// <exception cref="ToolException">Exit 4 when it cannot be read, exit 5 when it is not such a list.</exception>
    public static async Task<ReferencesFileDeployment> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(ExitCodes.SourceUnavailable, $"cannot read {path}: {exception.Message}", exception);
        }
        var root = ParseJson(path, bytes);
        const string Shape = "expected a list of {\"filename\": \"references/…\" or \"schemas/…\", \"content\": {…}}";
        if (root.ValueKind != JsonValueKind.Array)
            throw new ToolException(ExitCodes.NotAReference, $"{path} is not a saved deployment: {Shape}.");
        var documents = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        int index = 0;
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("filename", out var filename) || filename.ValueKind != JsonValueKind.String
                || filename.GetString()!.Length == 0
                || !item.TryGetProperty("content", out var content))
            {
                throw new ToolException(ExitCodes.NotAReference, $"{path}: item {index} is malformed; {Shape}.");
            }
            string key = "/" + filename.GetString()!.TrimStart('/');
            if (!documents.TryAdd(key, content.Clone()))
                throw new ToolException(ExitCodes.NotAReference, $"{path}: '{filename.GetString()}' is listed twice.");
            index++;
        }
        return new ReferencesFileDeployment(Path.GetFileName(path), documents);
    }

    /// <inheritdoc />
    public override string Describe(string path) => $"{path.TrimStart('/')} (in {_fileName})";

    /// <summary>The path itself: the file does not say which deployment it came from, and a path below the root URL
    /// is the deployment-neutral form TaskCluster itself uses in its manifest.</summary>
    /// <param name="path">The reference's path below the root URL.</param>
    /// <returns>The path, for example <c>/references/queue/v1/api.json</c>.</returns>
    public override string ReferenceUrl(string path) => path;

    /// <summary>
    /// The URL's path when the file holds a document there: the file does not name its root URL, so an absolute link
    /// counts as internal exactly when the file can serve it (links to json-schema.org, say, stay external).
    /// </summary>
    /// <param name="url">An absolute URL without fragment.</param>
    /// <returns>The path, or null.</returns>
    public override string? PathOf(Uri url)
    {
        if (url is null) throw new ArgumentNullException(nameof(url));
        string path = Uri.UnescapeDataString(url.AbsolutePath);
        return _documents.ContainsKey(path) ? path : null;
    }

    /// <inheritdoc />
    public override Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        if (_documents.TryGetValue(path, out var document)) return Task.FromResult(document);
        throw new ToolException(ExitCodes.SourceUnavailable, $"{_fileName} has no document '{path.TrimStart('/')}'.");
    }
}
