using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster;

/// <summary>
/// What a client actually uses, decided once at construction: explicit options, then the global defaults, then the
/// environment (credentials only), then the reference. Immutable, so a client can be shared between threads.
/// </summary>
internal sealed class ResolvedOptions
{
    private static readonly Lazy<HttpMessageInvoker> s_sharedTransport = new(() => new HttpMessageInvoker(CreateDefaultHandler()));
    // Before s_defaultJson: static fields are initialized in order, and that one is made through this table.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> s_withResolver = new();
    private static readonly JsonSerializerOptions s_defaultJson = WithResolver(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly HttpClient? _httpClient;   // the caller's own, or null for the shared transport

    /// <summary>
    /// Options that can hand out metadata for untyped payloads and results. Untyped values are serialized through
    /// <see cref="JsonSerializerOptions.GetTypeInfo(Type)"/>, which needs a resolver: options without one get the
    /// reflection resolver (on a copy; the caller's stay untouched), unless the application turned reflection off
    /// (NativeAOT, trimming), where they keep none and an untyped object fails with System.Text.Json's own message.
    /// </summary>
    private static JsonSerializerOptions WithResolver(JsonSerializerOptions options)
    {
        if (options.TypeInfoResolver is not null || !JsonSerializer.IsReflectionEnabledByDefault) return options;
        // One copy per caller's options, shared by every client made with them: each copy caches its own metadata.
        return s_withResolver.GetValue(options, static given => new JsonSerializerOptions(given) { TypeInfoResolver = ReflectionResolver() });
    }

    // Reached only when JsonSerializer.IsReflectionEnabledByDefault is true: a feature switch that trimming and
    // NativeAOT set to false, which removes this call from those builds.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Guarded by JsonSerializer.IsReflectionEnabledByDefault.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Guarded by JsonSerializer.IsReflectionEnabledByDefault.")]
    private static IJsonTypeInfoResolver ReflectionResolver() => new DefaultJsonTypeInfoResolver();

    /// <summary>The environment variable that names the deployment when no options do.</summary>
    public const string RootUrlVariable = "TASKCLUSTER_ROOT_URL";

    /// <summary>Options for a 2014-format service, addressed by the reference's own base URL.</summary>
    public ResolvedOptions(ClientOptions? options, string defaultBaseUrl)
        : this(options, () => defaultBaseUrl)
    {
    }

    /// <summary>Options for a service of today's format: <c>&lt;rootUrl&gt;/api/&lt;serviceName&gt;/&lt;apiVersion&gt;</c>.</summary>
    public static ResolvedOptions ForService(ClientOptions? options, string serviceName, string apiVersion)
    {
        string? root = null;
        var resolved = new ResolvedOptions(options, () => (root = RootUrl(options)) + "/api/" + serviceName + "/" + apiVersion);
        resolved.DeploymentRootUrl = root;
        return resolved;
    }

    /// <summary>
    /// The deployment's root URL when the client is addressed through one (today's references without a BaseUrl
    /// override); null otherwise. Other services of the same deployment are found from it.
    /// </summary>
    public string? DeploymentRootUrl { get; private set; }

    /// <summary>The options a client was made with, for making a client of another service with the same settings.</summary>
    public ClientOptions? Given { get; private set; }

    private ResolvedOptions(ClientOptions? options, Func<string> defaultBaseUrl)
    {
        Given = options;
        var defaults = ClientDefaults.Options;
        Credentials = options?.Credentials ?? defaults.Credentials ?? Credentials.FromEnvironment();
        var scopes = options?.AuthorizedScopes ?? defaults.AuthorizedScopes;
        AuthorizedScopes = scopes is null ? null : new List<string>(scopes).AsReadOnly();
        Ext = Hawk.Ext(AuthorizedScopes, Credentials?.Certificate);
        Signer = Credentials is null ? null : new HawkSigner(Credentials, Ext);
        BaseUrl = ValidateBaseUrl(options?.BaseUrl ?? defaultBaseUrl());
        _httpClient = options?.HttpClient ?? defaults.HttpClient;
        TimeProvider = options?.TimeProvider ?? defaults.TimeProvider ?? TimeProvider.System;
        Json = options?.JsonSerializerOptions is { } own ? WithResolver(own)
            : defaults.JsonSerializerOptions is { } shared ? WithResolver(shared)
            : s_defaultJson;
        NonceGenerator = options?.NonceGenerator ?? defaults.NonceGenerator;
        Retry = options?.Retry ?? defaults.Retry ?? RetryOptions.Default;
        Retry.Validate();
    }

    public RetryOptions Retry { get; }

    public Credentials? Credentials { get; }
    public HawkSigner? Signer { get; }
    public IReadOnlyList<string>? AuthorizedScopes { get; }
    public string? Ext { get; }
    public string BaseUrl { get; }
    public TimeProvider TimeProvider { get; }
    public JsonSerializerOptions Json { get; }
    /// <summary>A fixed nonce source for tests; null lets the signer draw its own random nonces.</summary>
    public Func<string>? NonceGenerator { get; }

    /// <summary>
    /// Sends one request and completes once the response headers are in: through the caller's own HttpClient (asked
    /// for headers only), or else the shared transport, which never buffers a body anyway.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => _httpClient is { } client
            ? client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            : s_sharedTransport.Value.SendAsync(request, cancellationToken);

    public long UnixSecondsNow() => TimeProvider.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The deployment's root URL from the options, the defaults or the environment, trailing slashes trimmed.</summary>
    /// <exception cref="ArgumentException">None is set, or the one set is not an absolute http(s) URL.</exception>
    public static string RootUrl(ClientOptions? options)
    {
        string? rootUrl = options?.RootUrl ?? ClientDefaults.Options.RootUrl;
        if (string.IsNullOrWhiteSpace(rootUrl)) rootUrl = Environment.GetEnvironmentVariable(RootUrlVariable);
        if (string.IsNullOrWhiteSpace(rootUrl))
        {
            throw new ArgumentException(
                "No TaskCluster root URL: set ClientOptions.RootUrl (on this client or with ClientDefaults.Configure) or the "
                + RootUrlVariable + " environment variable to your deployment's root URL, for example https://tc.example.com.",
                "options");
        }
        string trimmed = rootUrl!.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ArgumentException($"The root URL '{rootUrl}' is not an absolute http or https URL without a query.", "options");
        }
        return trimmed;
    }

    private static string ValidateBaseUrl(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"BaseUrl '{baseUrl}' is not an absolute http or https URL.", nameof(ClientOptions.BaseUrl));
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ArgumentException($"BaseUrl '{baseUrl}' must not have a query or fragment.", nameof(ClientOptions.BaseUrl));
        }
        // The canonical form (lower-case host, escaped spaces) is what every URL is built from, so a request URI can be
        // created without further canonicalization and the path that is signed is the path that is sent.
        return uri.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>
    /// The handler behind the shared default transport, a bare <see cref="HttpMessageInvoker"/> rather than an
    /// <see cref="System.Net.Http.HttpClient"/>. The pipeline has its own timeouts and needs none of HttpClient's
    /// extras, and HttpClient links every cancelable token with a source of its own per request: measured at about
    /// 1 % of a loopback call in the HTTP benchmark (same handler, same process, alternating rounds).
    /// </summary>
    /// <remarks>
    /// In a browser there are no sockets (<see cref="SocketsHttpHandler"/> throws there): the plain
    /// <see cref="HttpClientHandler"/> sends through the page's <c>fetch</c>, with its defaults. <c>fetch</c> follows
    /// redirects itself, so the pipeline never sees one; the browser drops <c>Authorization</c> when a redirect leaves
    /// the origin (the Fetch standard), which is the same rule the pipeline applies elsewhere. Decompression is the
    /// browser's job too, so it is not asked for.
    /// </remarks>
    internal static HttpMessageHandler CreateDefaultHandler()
    {
        if (BrowserPlatform.IsBrowser) return new HttpClientHandler();
        return new SocketsHttpHandler
        {
            // The pipeline follows redirects itself: it re-signs for the same origin and strips credentials otherwise.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }
}
