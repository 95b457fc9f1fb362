using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster;

/// <summary>
/// A TaskCluster API or exchange reference read at run time, and the factory for clients made from it (the original
/// client's <c>createClient(reference)</c>). The clients behave exactly like the generated ones: same options, same
/// argument checks, same errors, same Hawk signing, URLs and routing-key patterns.
/// </summary>
/// <example>
/// <code>
/// var reference = Reference.LoadFile("my-service-api.json");
/// var client = reference.CreateApiClient(new ClientOptions { Credentials = credentials });
/// JsonElement result = await client.CallAsync("getThing", new[] { "thing-1" });
/// </code>
/// </example>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class Reference
{
    internal Reference(
        ReferenceKind kind,
        string version,
        string title,
        string description,
        string? baseUrl,
        string? exchangePrefix,
        IReadOnlyList<ApiEntry> apiEntries,
        IReadOnlyList<ExchangeEntry> exchangeEntries,
        string? referenceUrl,
        string? serviceName = null,
        string? apiVersion = null)
    {
        ServiceName = serviceName;
        ApiVersion = apiVersion;
        Kind = kind;
        Version = version;
        Title = title;
        Description = description;
        BaseUrl = baseUrl;
        ExchangePrefix = exchangePrefix;
        ApiEntries = apiEntries;
        ExchangeEntries = exchangeEntries;
        ReferenceUrl = referenceUrl;
    }

    /// <summary>Whether this is an API reference or an exchange reference.</summary>
    public ReferenceKind Kind { get; }

    /// <summary>The reference format version, for example <c>0.2.0</c>; empty when the document has none.</summary>
    public string Version { get; }

    /// <summary>The reference's title, for example <c>Queue API Documentation</c>; empty when it has none.</summary>
    public string Title { get; }

    /// <summary>The reference's description; empty when it has none.</summary>
    public string Description { get; }

    /// <summary>
    /// For a 2014-format API reference, the default base URL, for example <c>https://queue.taskcluster.net/v1</c>;
    /// otherwise null (today's references are addressed through a deployment's root URL).
    /// </summary>
    public string? BaseUrl { get; }

    /// <summary>Today's format: the service's name, for example <c>queue</c>; null for a 2014-format reference.</summary>
    public string? ServiceName { get; }

    /// <summary>Today's format: the API version, for example <c>v1</c>; null for a 2014-format reference.</summary>
    public string? ApiVersion { get; }

    /// <summary>For an exchange reference, the default exchange prefix, for example <c>queue/v1/</c>; otherwise null.</summary>
    public string? ExchangePrefix { get; }

    /// <summary>For an API reference, its functions in document order; otherwise empty.</summary>
    public IReadOnlyList<ApiEntry> ApiEntries { get; }

    /// <summary>For an exchange reference, its exchanges in document order; otherwise empty.</summary>
    public IReadOnlyList<ExchangeEntry> ExchangeEntries { get; }

    /// <summary>Where the reference was published (<c>referenceUrl</c> in an <c>apis.json</c> map), or null.</summary>
    public string? ReferenceUrl { get; }

    /// <summary>Reads a reference from JSON text.</summary>
    /// <param name="json">One reference: <c>{version, title, description, baseUrl | exchangePrefix, entries}</c>.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ReferenceFormatException">The text is not JSON or not a valid reference.</exception>
    public static Reference Parse(string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        return ReferenceReader.ReadOne(json, null);
    }

    /// <summary>Reads a reference from a stream of UTF-8 JSON.</summary>
    /// <param name="utf8Json">The stream; it is read to the end and not closed.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ReferenceFormatException">The stream is not JSON or not a valid reference.</exception>
    public static Reference Parse(Stream utf8Json)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        using var reader = new StreamReader(utf8Json, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        return ReferenceReader.ReadOne(reader.ReadToEnd(), null);
    }

    /// <summary>Reads a reference from a stream of UTF-8 JSON without blocking.</summary>
    /// <param name="utf8Json">The stream; it is read to the end and not closed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ReferenceFormatException">The stream is not JSON or not a valid reference.</exception>
    public static async Task<Reference> ParseAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        using var reader = new StreamReader(utf8Json, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        string json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return ReferenceReader.ReadOne(json, null);
    }

    /// <summary>Reads a reference from an already parsed document.</summary>
    /// <param name="document">The document; the reference copies what it needs, so it may be disposed afterwards.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ReferenceFormatException">The document is not a valid reference.</exception>
    public static Reference Parse(JsonDocument document)
    {
        if (document is null) throw new ArgumentNullException(nameof(document));
        return Parse(document.RootElement);
    }

    /// <summary>Reads a reference from an already parsed JSON element.</summary>
    /// <param name="element">The reference object; it is copied, so its document may be disposed afterwards.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ReferenceFormatException">The element is not a valid reference.</exception>
    public static Reference Parse(JsonElement element) => ReferenceReader.ReadOne(element.GetRawText(), null);

    /// <summary>Reads a reference from a UTF-8 JSON file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="ReferenceFormatException">The file is not JSON or not a valid reference; the message names the file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Reference LoadFile(string path)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        return ReferenceReader.ReadOne(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Reads an <c>apis.json</c>-shaped map, <c>{ "Queue": { "referenceUrl": "...", "reference": {...} }, ... }</c>,
    /// such as the builtin <c>references/apis.json</c>.
    /// </summary>
    /// <param name="json">The map as JSON text.</param>
    /// <returns>The references by name (ordinal, case-sensitive), each with its <see cref="ReferenceUrl"/>.</returns>
    /// <exception cref="ReferenceFormatException">The text is not JSON, or the map or one of its references is malformed.</exception>
    public static IReadOnlyDictionary<string, Reference> ParseMap(string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        return ReferenceReader.ReadMap(json, null);
    }

    /// <summary>Reads an <c>apis.json</c>-shaped map from an already parsed JSON element.</summary>
    /// <param name="element">The map object.</param>
    /// <returns>The references by name (ordinal, case-sensitive), each with its <see cref="ReferenceUrl"/>.</returns>
    /// <exception cref="ReferenceFormatException">The map or one of its references is malformed.</exception>
    public static IReadOnlyDictionary<string, Reference> ParseMap(JsonElement element) => ReferenceReader.ReadMap(element.GetRawText(), null);

    /// <summary>Reads an <c>apis.json</c>-shaped map from a UTF-8 JSON file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The references by name (ordinal, case-sensitive), each with its <see cref="ReferenceUrl"/>.</returns>
    /// <exception cref="ReferenceFormatException">The file is not JSON, or the map or one of its references is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyDictionary<string, Reference> LoadMapFile(string path)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        return ReferenceReader.ReadMap(File.ReadAllText(path), path);
    }

    /// <summary>Creates a client for this API reference.</summary>
    /// <param name="options">Options, or null for the global defaults; <see cref="ClientOptions.BaseUrl"/> replaces <see cref="BaseUrl"/>.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">This is an exchange reference.</exception>
    public DynamicApiClient CreateApiClient(ClientOptions? options = null)
    {
        if (Kind != ReferenceKind.Api)
        {
            throw new InvalidOperationException(
                $"'{Title}' is an exchange reference; use {nameof(CreateExchangeClient)} for it.");
        }
        return new DynamicApiClient(this, options);
    }

    /// <summary>Creates a binding builder for this exchange reference.</summary>
    /// <param name="options">Options, or null; <see cref="ClientOptions.ExchangePrefix"/> replaces <see cref="ExchangePrefix"/>.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">This is an API reference.</exception>
    public DynamicExchangeClient CreateExchangeClient(ClientOptions? options = null)
    {
        if (Kind != ReferenceKind.Exchanges)
        {
            throw new InvalidOperationException(
                $"'{Title}' is an API reference; use {nameof(CreateApiClient)} for it.");
        }
        return new DynamicExchangeClient(this, options);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Title} ({Kind})";
}
