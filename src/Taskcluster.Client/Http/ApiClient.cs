using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster;

/// <summary>
/// The base of every API client (<c>Queue</c>, <c>Auth</c>, <c>Scheduler</c>, <c>Index</c>, and clients created from
/// a reference at run time): authenticated calls, URLs and signed URLs for the reference's entries.
/// </summary>
/// <remarks>Options are resolved once at construction; instances are immutable and safe to share between threads.</remarks>
public abstract class ApiClient
{
    /// <summary>How long a signed URL stays valid when no expiration is given: 15 minutes.</summary>
    public static readonly TimeSpan DefaultSignedUrlExpiration = TimeSpan.FromMinutes(15);

    // Request URIs keep the path exactly as built: default canonicalization would unescape %41 to 'A' and drop
    // "%2E%2E" segments, so the request line would differ from the string the caller was shown.
    private static readonly UriCreationOptions s_exactPath = new() { DangerousDisablePathAndQueryCanonicalization = true };
    private static readonly JsonElement s_emptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    private static readonly Func<HttpResult, ApiEntry, JsonElement> s_readElement = ParseResult;

    private readonly Dictionary<string, ApiEntry> _entriesByName;
    private readonly ResolvedOptions _options;
    private readonly HttpPipeline _pipeline;

    /// <summary>Creates a client for a reference.</summary>
    /// <param name="defaultBaseUrl">The reference's base URL, used unless options give another.</param>
    /// <param name="entries">The reference's functions.</param>
    /// <param name="options">Options, or null for the global defaults.</param>
    /// <exception cref="ArgumentException">The base URL is not an absolute http(s) URL.</exception>
    protected ApiClient(string defaultBaseUrl, IReadOnlyList<ApiEntry> entries, ClientOptions? options)
        : this(entries, new ResolvedOptions(options, defaultBaseUrl ?? throw new ArgumentNullException(nameof(defaultBaseUrl))))
    {
    }

    /// <summary>
    /// Creates a client for a service of today's reference format, addressed as
    /// <c>&lt;rootUrl&gt;/api/&lt;serviceName&gt;/&lt;apiVersion&gt;</c>.
    /// </summary>
    /// <param name="serviceName">The service's name, for example <c>queue</c>.</param>
    /// <param name="apiVersion">The API version, for example <c>v1</c>.</param>
    /// <param name="entries">The reference's functions.</param>
    /// <param name="options">Options, or null for the global defaults.</param>
    /// <exception cref="ArgumentException">
    /// No root URL is configured (<see cref="ClientOptions.RootUrl"/>, <see cref="ClientDefaults"/> or
    /// <c>TASKCLUSTER_ROOT_URL</c>) and no <see cref="ClientOptions.BaseUrl"/> is given, or one is not an absolute
    /// http(s) URL.
    /// </exception>
    protected ApiClient(string serviceName, string apiVersion, IReadOnlyList<ApiEntry> entries, ClientOptions? options)
        : this(entries, ResolvedOptions.ForService(
            options,
            string.IsNullOrEmpty(serviceName) ? throw new ArgumentException("A service name is required.", nameof(serviceName)) : serviceName,
            string.IsNullOrEmpty(apiVersion) ? throw new ArgumentException("An API version is required.", nameof(apiVersion)) : apiVersion))
    {
    }

    private protected ApiClient(IReadOnlyList<ApiEntry> entries, ResolvedOptions options)
    {
        Entries = entries ?? throw new ArgumentNullException(nameof(entries));
        _options = options;
        _pipeline = new HttpPipeline(_options);
        _entriesByName = new Dictionary<string, ApiEntry>(StringComparer.Ordinal);
        foreach (var entry in entries) _entriesByName[entry.Name] = entry;
    }

    /// <summary>
    /// The base URL every route is appended to, for example <c>https://tc.example.com/api/queue/v1</c> (or a 2014
    /// service's <c>https://queue.taskcluster.net/v1</c>).
    /// </summary>
    public string BaseUrl => _options.BaseUrl;

    /// <summary>What this client was resolved to use, for hand-written members of generated clients.</summary>
    private protected ResolvedOptions Options => _options;

    /// <summary>The functions this client can call.</summary>
    public IReadOnlyList<ApiEntry> Entries { get; }

    /// <summary>The client id requests are signed with, or null when the client is anonymous.</summary>
    public string? ClientId => _options.Credentials?.ClientId;

    /// <summary>The scopes requests are restricted to, or null for no restriction.</summary>
    public IReadOnlyList<string>? AuthorizedScopes => _options.AuthorizedScopes;

    /// <summary>Calls a function by its entry name, for use when the function is only known at run time.</summary>
    /// <param name="entryName">The entry's name, for example <c>createTask</c>.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The JSON payload when the entry takes one; otherwise null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response JSON (an empty object when the entry has no result).</returns>
    /// <exception cref="ArgumentException">The entry is unknown, or the arguments or payload do not fit it.</exception>
    /// <exception cref="TaskclusterException">The server answered with an error, or could not be reached.</exception>
    public Task<JsonElement> CallAsync(
        string entryName, IReadOnlyList<string> args, object? payload = null, CancellationToken cancellationToken = default)
        => CallAsync(FindEntry(entryName), args, payload, cancellationToken);

    /// <summary>Calls a function by its entry name, with query-string parameters.</summary>
    /// <param name="entryName">The entry's name, for example <c>listTaskGroup</c>.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The JSON payload when the entry takes one; otherwise null.</param>
    /// <param name="query">Query parameters by name (each one the entry's <see cref="ApiEntry.Query"/> lists); null values are left out.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response JSON (an empty object when the entry has no result).</returns>
    /// <exception cref="ArgumentException">The entry is unknown, or the arguments, payload or query do not fit it.</exception>
    /// <exception cref="TaskclusterException">The server answered with an error, or could not be reached.</exception>
    public Task<JsonElement> CallAsync(
        string entryName, IReadOnlyList<string> args, object? payload, IReadOnlyDictionary<string, string?>? query,
        CancellationToken cancellationToken = default)
    {
        var entry = FindEntry(entryName);
        return CallAsync(entry, args, payload, QueryValues(entry, query), cancellationToken);
    }

    /// <summary>
    /// Every page of a paged function by entry name (one whose reference lists a <c>continuationToken</c> query
    /// parameter), following <c>continuationToken</c> until a page has none.
    /// </summary>
    /// <param name="entryName">The entry's name, for example <c>listTaskGroup</c>.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The JSON payload when the entry takes one (sent with every page); otherwise null.</param>
    /// <param name="query">Other query parameters by name, such as <c>limit</c>; sent with every page.</param>
    /// <param name="cancellationToken">Cancels the enumeration, including a page request in flight.</param>
    /// <returns>The pages in order.</returns>
    /// <exception cref="ArgumentException">The entry is unknown or does not page, or the arguments do not fit it.</exception>
    public IAsyncEnumerable<JsonElement> PagesAsync(
        string entryName, IReadOnlyList<string> args, object? payload = null, IReadOnlyDictionary<string, string?>? query = null,
        CancellationToken cancellationToken = default)
    {
        var entry = FindEntry(entryName);
        return PagesAsync(entry, args, payload, QueryValues(entry, query), cancellationToken);
    }

    /// <summary>Builds the URL of a function by entry name, with query-string parameters.</summary>
    /// <param name="entryName">The entry's name, for example <c>listTaskGroup</c>.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="query">Query parameters by name; null values are left out.</param>
    /// <returns>The absolute URL, with every argument and query value percent-encoded.</returns>
    /// <exception cref="ArgumentException">The entry is unknown, the argument count is wrong, or a query name is not the entry's.</exception>
    public string BuildUrl(string entryName, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? query)
    {
        var entry = FindEntry(entryName);
        return BuildUrl(entry, args, QueryValues(entry, query));
    }

    /// <summary>Builds a signed URL of a GET function by entry name, with query-string parameters.</summary>
    /// <param name="entryName">The entry's name, for example <c>listArtifacts</c>.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="query">Query parameters by name; null values are left out.</param>
    /// <param name="expiration">How long the URL stays valid; null or zero means the default of 15 minutes.</param>
    /// <returns>The URL with a <c>bewit</c> query parameter.</returns>
    /// <exception cref="ArgumentException">
    /// The entry is unknown or not a GET, the argument count is wrong, a query name is not the entry's, or
    /// <paramref name="expiration"/> is negative.
    /// </exception>
    /// <exception cref="InvalidOperationException">The client has no credentials to sign with.</exception>
    public string BuildSignedUrl(
        string entryName, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? query, TimeSpan? expiration = null)
    {
        var entry = FindEntry(entryName);
        return SignUrl(entry, args, QueryValues(entry, query), expiration, nameof(entryName));
    }

    /// <summary>Builds the URL of a function by entry name (a payload cannot be put in a URL).</summary>
    /// <param name="entryName">The entry's name, for example <c>getTask</c>.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <returns>The absolute URL, with every argument percent-encoded.</returns>
    /// <exception cref="ArgumentException">The entry is unknown or the argument count is wrong.</exception>
    public string BuildUrl(string entryName, params string[] args) => BuildUrl(FindEntry(entryName), args);

    /// <summary>Builds a signed URL of a GET function by entry name, valid for 15 minutes.</summary>
    /// <param name="entryName">The entry's name, for example <c>getArtifact</c>.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <returns>The URL with a <c>bewit</c> query parameter.</returns>
    /// <exception cref="ArgumentException">The entry is unknown, is not a GET, or the argument count is wrong.</exception>
    /// <exception cref="InvalidOperationException">The client has no credentials to sign with.</exception>
    public string BuildSignedUrl(string entryName, params string[] args)
        => SignUrl(FindEntry(entryName), args, null, null, nameof(entryName));

    /// <summary>Builds a signed URL of a GET function by entry name.</summary>
    /// <param name="entryName">The entry's name, for example <c>getArtifact</c>.</param>
    /// <param name="expiration">How long the URL stays valid; zero means the default of 15 minutes.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <returns>The URL with a <c>bewit</c> query parameter.</returns>
    /// <exception cref="ArgumentException">
    /// The entry is unknown, is not a GET, the argument count is wrong, or <paramref name="expiration"/> is negative.
    /// </exception>
    /// <exception cref="InvalidOperationException">The client has no credentials to sign with.</exception>
    public string BuildSignedUrl(string entryName, TimeSpan expiration, params string[] args)
        => SignUrl(FindEntry(entryName), args, null, expiration, nameof(entryName));

    /// <summary>Calls <paramref name="entry"/> and returns its response JSON.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The payload when the entry takes one; otherwise null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response JSON; an empty object when the answer had no body.</returns>
    protected Task<JsonElement> CallAsync(
        ApiEntry entry, IReadOnlyList<string> args, object? payload, CancellationToken cancellationToken)
        => CallAsync(entry, args, payload, null, cancellationToken);

    /// <summary>Calls <paramref name="entry"/> with query-string parameters and returns its response JSON.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The payload when the entry takes one; otherwise null.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>, in that order; null leaves one out.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response JSON; an empty object when the answer had no body.</returns>
    protected Task<JsonElement> CallAsync(
        ApiEntry entry, IReadOnlyList<string> args, object? payload, IReadOnlyList<string?>? query, CancellationToken cancellationToken)
        => CallAsync(entry, args, Body(entry, payload), query, cancellationToken);

    /// <summary>Calls <paramref name="entry"/> with a prepared body and returns its response JSON.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The body when the entry takes one; otherwise <see cref="RequestBody.None"/>.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>, in that order; null leaves one out.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response JSON; an empty object when the answer had no body.</returns>
    protected Task<JsonElement> CallAsync(
        ApiEntry entry, IReadOnlyList<string> args, RequestBody payload, IReadOnlyList<string?>? query, CancellationToken cancellationToken)
    {
        // Argument errors are thrown here, synchronously, rather than hidden in the returned task.
        var (uri, body) = Prepare(entry, args, payload, query);
        return _pipeline.SendAsync(entry.Method, uri, body, entry, s_readElement, cancellationToken);
    }

    /// <summary>Calls <paramref name="entry"/> and reads its response with generated metadata (no reflection).</summary>
    /// <typeparam name="TResult">The result's type, usually a generated model.</typeparam>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The body when the entry takes one; otherwise <see cref="RequestBody.None"/>.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>, in that order; null leaves one out.</param>
    /// <param name="resultType">How to read the result, for example <c>QueueJsonContext.Default.TaskStatusResponse</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    protected Task<TResult> CallAsync<TResult>(
        ApiEntry entry, IReadOnlyList<string> args, RequestBody payload, IReadOnlyList<string?>? query, JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
    {
        if (resultType is null) throw new ArgumentNullException(nameof(resultType));
        var (uri, body) = Prepare(entry, args, payload, query);
        return _pipeline.SendAsync(entry.Method, uri, body, resultType, ResultReader<TResult>.Read, cancellationToken);
    }

    /// <summary>Calls <paramref name="entry"/> and deserializes its response JSON into <typeparamref name="TResult"/>.</summary>
    /// <typeparam name="TResult">The caller's type for the result.</typeparam>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The payload when the entry takes one; otherwise null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deserialized result.</returns>
    protected Task<TResult> CallAsync<TResult>(
        ApiEntry entry, IReadOnlyList<string> args, object? payload, CancellationToken cancellationToken)
        => CallAsync<TResult>(entry, args, payload, null, cancellationToken);

    /// <summary>Calls <paramref name="entry"/> with query-string parameters and deserializes its response JSON.</summary>
    /// <typeparam name="TResult">The caller's type for the result.</typeparam>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The payload when the entry takes one; otherwise null.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>, in that order; null leaves one out.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deserialized result.</returns>
    /// <remarks>
    /// The result type's metadata comes from the client's <see cref="ClientOptions.JsonSerializerOptions"/>: in a
    /// normal application that is reflection; under NativeAOT the options must name a resolver that knows the type.
    /// </remarks>
    protected Task<TResult> CallAsync<TResult>(
        ApiEntry entry, IReadOnlyList<string> args, object? payload, IReadOnlyList<string?>? query, CancellationToken cancellationToken)
    {
        var body = Body(entry, payload);
        var resultType = (JsonTypeInfo<TResult>)_options.Json.GetTypeInfo(typeof(TResult));
        return CallAsync(entry, args, body, query, resultType, cancellationToken);
    }

    /// <summary>Calls <paramref name="entry"/>, which has no result, and ignores whatever body comes back.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The payload when the entry takes one; otherwise null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the call succeeded.</returns>
    protected Task CallWithoutResultAsync(
        ApiEntry entry, IReadOnlyList<string> args, object? payload, CancellationToken cancellationToken)
        => CallWithoutResultAsync(entry, args, payload, null, cancellationToken);

    /// <summary>Calls <paramref name="entry"/>, which has no result, with query-string parameters.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The payload when the entry takes one; otherwise null.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>, in that order; null leaves one out.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the call succeeded.</returns>
    protected Task CallWithoutResultAsync(
        ApiEntry entry, IReadOnlyList<string> args, object? payload, IReadOnlyList<string?>? query, CancellationToken cancellationToken)
        => CallWithoutResultAsync(entry, args, Body(entry, payload), query, cancellationToken);

    /// <summary>Calls <paramref name="entry"/>, which has no result, with a prepared body.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The body when the entry takes one; otherwise <see cref="RequestBody.None"/>.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>, in that order; null leaves one out.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the call succeeded.</returns>
    protected Task CallWithoutResultAsync(
        ApiEntry entry, IReadOnlyList<string> args, RequestBody payload, IReadOnlyList<string?>? query, CancellationToken cancellationToken)
    {
        var (uri, body) = Prepare(entry, args, payload, query);
        return _pipeline.SendAsync(entry.Method, uri, body, 0, static (_, _) => 0, cancellationToken);
    }

    /// <summary>
    /// Every page of a paged entry: calls it, yields the page, and calls it again with the page's
    /// <c>continuationToken</c> until a page has none. The payload (when the entry takes one) is sent with every page.
    /// </summary>
    /// <param name="entry">A paged function (<see cref="ApiEntry.IsPaged"/>).</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The payload when the entry takes one; otherwise null.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>; the <c>continuationToken</c> slot is filled in here.</param>
    /// <param name="cancellationToken">Cancels the enumeration, including a page request in flight.</param>
    /// <returns>The pages in order.</returns>
    /// <exception cref="ArgumentException">The entry does not page, or the arguments do not fit it.</exception>
    protected IAsyncEnumerable<JsonElement> PagesAsync(
        ApiEntry entry, IReadOnlyList<string> args, object? payload, IReadOnlyList<string?>? query, CancellationToken cancellationToken)
        => PagesAsync(entry, args, Body(entry, payload), query, cancellationToken);

    /// <summary>Every page of a paged entry, as JSON, with a prepared body.</summary>
    /// <param name="entry">A paged function (<see cref="ApiEntry.IsPaged"/>).</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The body when the entry takes one (sent with every page); otherwise <see cref="RequestBody.None"/>.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>; the <c>continuationToken</c> slot is filled in here.</param>
    /// <param name="cancellationToken">Cancels the enumeration, including a page request in flight.</param>
    /// <returns>The pages in order.</returns>
    /// <exception cref="ArgumentException">The entry does not page, or the arguments do not fit it.</exception>
    protected IAsyncEnumerable<JsonElement> PagesAsync(
        ApiEntry entry, IReadOnlyList<string> args, RequestBody payload, IReadOnlyList<string?>? query, CancellationToken cancellationToken)
    {
        var values = PageQuery(entry, args, payload, query);
        return EnumeratePagesAsync(entry, args, payload, values, entry, s_readElement, static page => ContinuationTokenOf(page), cancellationToken);
    }

    /// <summary>Every page of a paged entry, read with generated metadata (no reflection).</summary>
    /// <typeparam name="TPage">The page's type, usually a generated model.</typeparam>
    /// <param name="entry">A paged function (<see cref="ApiEntry.IsPaged"/>).</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The body when the entry takes one (sent with every page); otherwise <see cref="RequestBody.None"/>.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>; the <c>continuationToken</c> slot is filled in here.</param>
    /// <param name="pageType">How to read a page.</param>
    /// <param name="continuationToken">The page's <c>continuationToken</c>; null or empty on the last page.</param>
    /// <param name="cancellationToken">Cancels the enumeration, including a page request in flight.</param>
    /// <returns>The pages in order.</returns>
    /// <exception cref="ArgumentException">The entry does not page, or the arguments do not fit it.</exception>
    protected IAsyncEnumerable<TPage> PagesAsync<TPage>(
        ApiEntry entry, IReadOnlyList<string> args, RequestBody payload, IReadOnlyList<string?>? query, JsonTypeInfo<TPage> pageType,
        Func<TPage, string?> continuationToken, CancellationToken cancellationToken)
    {
        if (pageType is null) throw new ArgumentNullException(nameof(pageType));
        if (continuationToken is null) throw new ArgumentNullException(nameof(continuationToken));
        var values = PageQuery(entry, args, payload, query);
        return EnumeratePagesAsync(entry, args, payload, values, pageType, ResultReader<TPage>.Read, continuationToken, cancellationToken);
    }

    /// <summary>The items of every page, in order: one list property of each page, flattened.</summary>
    /// <typeparam name="TPage">The page's type.</typeparam>
    /// <typeparam name="TItem">The items' type.</typeparam>
    /// <param name="pages">The pages, as <see cref="PagesAsync{TPage}"/> returns them.</param>
    /// <param name="items">A page's items (null counts as none).</param>
    /// <param name="cancellationToken">Cancels the enumeration (the pages' own token still applies).</param>
    /// <returns>The items in order.</returns>
    protected static IAsyncEnumerable<TItem> ItemsOf<TPage, TItem>(
        IAsyncEnumerable<TPage> pages, Func<TPage, IReadOnlyList<TItem>?> items, CancellationToken cancellationToken = default)
    {
        if (pages is null) throw new ArgumentNullException(nameof(pages));
        if (items is null) throw new ArgumentNullException(nameof(items));
        return EnumerateItemsAsync(pages, items, cancellationToken);
    }

    private static async IAsyncEnumerable<TItem> EnumerateItemsAsync<TPage, TItem>(
        IAsyncEnumerable<TPage> pages, Func<TPage, IReadOnlyList<TItem>?> items,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (items(page) is not { } list) continue;
            foreach (var item in list) yield return item;
        }
    }

    /// <summary>Checks a paged call's arguments now, so a wrong one throws here rather than on the first MoveNextAsync.</summary>
    private string?[] PageQuery(ApiEntry entry, IReadOnlyList<string> args, RequestBody payload, IReadOnlyList<string?>? query)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        if (!entry.IsPaged) throw new ArgumentException($"'{entry.Name}' does not return pages (it has no continuationToken query parameter).", nameof(entry));
        var values = new string?[entry.Query.Count];
        if (query is not null)
        {
            if (query.Count != values.Length) throw new ArgumentException($"'{entry.Name}' takes {values.Length} query values.", nameof(query));
            for (int i = 0; i < values.Length; i++) values[i] = query[i];
        }
        values[entry.ContinuationTokenIndex] = null;
        Prepare(entry, args, payload, values);
        return values;
    }

    private async IAsyncEnumerable<TPage> EnumeratePagesAsync<TState, TPage>(
        ApiEntry entry, IReadOnlyList<string> args, RequestBody payload, string?[] query, TState state,
        Func<HttpResult, TState, TPage> read, Func<TPage, string?> continuationToken,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (uri, body) = Prepare(entry, args, payload, query);
            var page = await _pipeline.SendAsync(entry.Method, uri, body, state, read, cancellationToken).ConfigureAwait(false);
            yield return page;
            string? token = continuationToken(page);
            if (string.IsNullOrEmpty(token)) yield break;
            query[entry.ContinuationTokenIndex] = token;
        }
    }

    private static string? ContinuationTokenOf(JsonElement page)
        => page.ValueKind == JsonValueKind.Object
            && page.TryGetProperty("continuationToken", out var token)
            && token.ValueKind == JsonValueKind.String
                ? token.GetString()
                : null;

    /// <summary>Turns an answer into the caller's type with its metadata (one delegate per type).</summary>
    private static class ResultReader<TResult>
    {
        public static readonly Func<HttpResult, JsonTypeInfo<TResult>, TResult> Read = (result, type) =>
        {
            if (result.Body.Length == 0) throw NotJson(result, "the response has no body, but a result was expected", null);
            try
            {
                // Straight from the bytes: going through a JsonElement first would parse the answer twice.
                return JsonSerializer.Deserialize(result.Body, type)
                    ?? throw NotJson(result, "the response is JSON null, but a result was expected", null);
            }
            catch (JsonException exception)
            {
                throw NotJson(result, $"the response is not a {typeof(TResult).Name}: {exception.Message}", exception);
            }
        };
    }

    /// <summary>Builds the URL of <paramref name="entry"/>.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <returns>The absolute URL, with every argument percent-encoded.</returns>
    protected string BuildUrl(ApiEntry entry, IReadOnlyList<string> args) => BuildUrl(entry, args, null);

    /// <summary>Builds the URL of <paramref name="entry"/> with query-string parameters.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>, in that order; null leaves one out.</param>
    /// <returns>The absolute URL, with every argument and query value percent-encoded.</returns>
    protected string BuildUrl(ApiEntry entry, IReadOnlyList<string> args, IReadOnlyList<string?>? query)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        CheckArgs(entry, args);
        if (query is not null && query.Count != entry.Query.Count)
        {
            throw new ArgumentException(
                $"'{entry.Name}' takes {entry.Query.Count} query values ({string.Join(", ", entry.Query)}), but {query.Count} were given.", nameof(query));
        }
        return RouteTemplate.AppendQuery(entry.Template.Expand(_options.BaseUrl, args), entry.Query, query);
    }

    /// <summary>Builds a signed URL of <paramref name="entry"/>, which must be a GET.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="expiration">How long the URL stays valid; null or zero means 15 minutes.</param>
    /// <returns>The URL with a <c>bewit</c> query parameter.</returns>
    protected string BuildSignedUrl(ApiEntry entry, IReadOnlyList<string> args, TimeSpan? expiration)
        => BuildSignedUrl(entry, args, null, expiration);

    /// <summary>Builds a signed URL of <paramref name="entry"/>, which must be a GET, with query-string parameters.</summary>
    /// <param name="entry">The function.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="query">One value per name in <see cref="ApiEntry.Query"/>, in that order; null leaves one out.</param>
    /// <param name="expiration">How long the URL stays valid; null or zero means 15 minutes.</param>
    /// <returns>The URL with a <c>bewit</c> query parameter.</returns>
    protected string BuildSignedUrl(ApiEntry entry, IReadOnlyList<string> args, IReadOnlyList<string?>? query, TimeSpan? expiration)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        return SignUrl(entry, args, query, expiration, nameof(entry));
    }

    private string SignUrl(ApiEntry entry, IReadOnlyList<string> args, IReadOnlyList<string?>? query, TimeSpan? expiration, string entryParameter)
    {
        if (entry.Method != HttpMethod.Get)
        {
            throw new ArgumentException(
                $"Signed URLs can only be built for GET requests; '{entry.Name}' is a {entry.Method.Method}.", entryParameter);
        }
        if (expiration is { } requested && requested < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiration), requested, "A signed URL's expiration must not be negative.");
        }
        var credentials = _options.Credentials
            ?? throw new InvalidOperationException("Signed URLs need credentials; this client has none.");

        var lifetime = expiration is { } value && value > TimeSpan.Zero ? value : DefaultSignedUrlExpiration;
        string url = BuildUrl(entry, args, query);
        var uri = new Uri(url, s_exactPath);
        long expiresAt = _options.UnixSecondsNow() + (long)Math.Ceiling(lifetime.TotalSeconds);
        string bewit = Hawk.Bewit(credentials, uri, expiresAt, _options.Ext);
        return url + (string.IsNullOrEmpty(uri.Query) ? "?bewit=" : "&bewit=") + bewit;
    }

    /// <summary>An object payload as a body; null stays no body, for <see cref="Prepare"/> to judge.</summary>
    private RequestBody Body(ApiEntry entry, object? payload)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        return payload is null ? RequestBody.None : RequestBody.FromObject(payload, _options.Json, nameof(payload));
    }

    private (Uri Uri, byte[]? Body) Prepare(ApiEntry entry, IReadOnlyList<string> args, RequestBody payload, IReadOnlyList<string?>? query)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        var uri = new Uri(BuildUrl(entry, args, query), s_exactPath);
        if (entry.HasInput && payload.IsNone) throw new ArgumentNullException(nameof(payload), $"'{entry.Name}' needs a payload.");
        if (!entry.HasInput && !payload.IsNone) throw new ArgumentException($"'{entry.Name}' takes no payload.", nameof(payload));
        return (uri, payload.Utf8Json);
    }

    private static JsonElement ParseResult(HttpResult result, ApiEntry entry)
    {
        // An entry with a declared result must get JSON. One without may still answer with JSON (a redirect to a
        // JSON document, say), which is passed on; any other body is of no use to the caller and is dropped.
        if (entry.HasOutput || (result.IsJson && result.Body.Length > 0))
        {
            if (result.Body.Length == 0) throw NotJson(result, "the response has no body, but a result was expected", null);
            try
            {
                // Parse, then clone out of the pooled document: measured about 30 % cheaper than deserializing
                // to a JsonElement for a task-sized answer, and the pooled buffers go back when it is disposed.
                using var document = JsonDocument.Parse(result.Body);
                return document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                if (entry.HasOutput) throw NotJson(result, "the response is not JSON", exception);
            }
        }
        return s_emptyObject;
    }

    private static TaskclusterException NotJson(HttpResult result, string summary, Exception? inner)
        => new(result.Method.Method, result.Uri.AbsoluteUri, result.StatusCode, null, null, Encoding.UTF8.GetString(result.Body), 1,
            summary, inner);

    private ApiEntry FindEntry(string entryName)
    {
        if (entryName is null) throw new ArgumentNullException(nameof(entryName));
        if (_entriesByName.TryGetValue(entryName, out var entry)) return entry;
        var known = new List<string>(_entriesByName.Keys);
        known.Sort(StringComparer.Ordinal);
        throw new ArgumentException(
            $"'{entryName}' is not a function of {GetType().Name}; known functions: {string.Join(", ", known)}.",
            nameof(entryName));
    }

    /// <summary>Query values by name, in the entry's order; a name the entry does not take is an error.</summary>
    private static string?[]? QueryValues(ApiEntry entry, IReadOnlyDictionary<string, string?>? query)
    {
        if (query is null || query.Count == 0) return null;
        var values = new string?[entry.Query.Count];
        foreach (var pair in query)
        {
            int index = -1;
            for (int i = 0; i < entry.Query.Count; i++)
            {
                if (string.Equals(entry.Query[i], pair.Key, StringComparison.Ordinal)) index = i;
            }
            if (index < 0)
            {
                string known = entry.Query.Count == 0 ? "it takes none" : "it takes " + string.Join(", ", entry.Query);
                throw new ArgumentException($"'{entry.Name}' has no query parameter '{pair.Key}'; {known}.", nameof(query));
            }
            values[index] = pair.Value;
        }
        return values;
    }

    private static void CheckArgs(ApiEntry entry, IReadOnlyList<string> args)
    {
        if (args is null) throw new ArgumentNullException(nameof(args));
        if (args.Count != entry.Args.Count)
        {
            string expected = entry.Args.Count == 0 ? "no arguments" : $"{entry.Args.Count} ({string.Join(", ", entry.Args)})";
            throw new ArgumentException(
                $"'{entry.Name}' takes {expected}, but {args.Count} were given.", nameof(args));
        }
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] is null) throw new ArgumentNullException(entry.Args[i], $"'{entry.Name}' needs a value for '{entry.Args[i]}'.");
        }
    }
}
