using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;

namespace Taskcluster;

/// <summary>
/// Options for API and exchange clients. Every property is optional: unset ones fall back to the global defaults
/// (<see cref="ClientDefaults"/>), then to the environment (credentials) and the reference (base URL, prefix).
/// A client copies what it needs when it is constructed; changing options later does not affect it.
/// </summary>
public sealed record ClientOptions
{
    /// <summary>The credentials to sign requests with. Without any, requests are sent anonymously.</summary>
    public Credentials? Credentials { get; init; }

    /// <summary>
    /// The root URL of the TaskCluster deployment, for example <c>https://community-tc.services.mozilla.com</c>. A
    /// client of a service in today's reference format sends its requests to
    /// <c>&lt;RootUrl&gt;/api/&lt;service&gt;/&lt;version&gt;</c>. Falls back to <see cref="ClientDefaults"/>, then to the
    /// <c>TASKCLUSTER_ROOT_URL</c> environment variable; there is no built-in default, because TaskCluster has no
    /// default deployment.
    /// </summary>
    public string? RootUrl { get; init; }

    /// <summary>
    /// The base URL of the service, for example <c>http://localhost:4040/api/queue/v1</c>: replaces the reference's
    /// base URL (2014 format) or the one made from <see cref="RootUrl"/> (today's format).
    /// </summary>
    public string? BaseUrl { get; init; }

    /// <summary>
    /// Restricts requests to these scopes (sent in the Hawk <c>ext</c>). Null means no restriction; an empty list
    /// means "no scopes at all".
    /// </summary>
    public IReadOnlyList<string>? AuthorizedScopes { get; init; }

    /// <summary>For exchange clients: replaces the reference's exchange prefix, for example <c>staging-queue/v1/</c>.</summary>
    public string? ExchangePrefix { get; init; }

    /// <summary>
    /// The <see cref="System.Net.Http.HttpClient"/> to send requests with. By default clients share one connection
    /// pool whose handler does not follow redirects, so that the SDK decides where credentials go. If you supply your
    /// own, give it a handler with <c>AllowAutoRedirect = false</c>: a handler that follows redirects itself does so
    /// before the SDK can keep the <c>Authorization</c> header from reaching another host.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The clock used for Hawk timestamps and signed-URL expirations. Defaults to the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// How payloads are serialized and results deserialized into your own types. Defaults to
    /// <see cref="JsonSerializerDefaults.Web"/> (camelCase names, as TaskCluster's schemas use).
    /// </summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; init; }

    /// <summary>
    /// How transient failures are retried and how long one attempt may take. Defaults to
    /// <see cref="Taskcluster.RetryOptions.Default"/>; <see cref="Taskcluster.RetryOptions.None"/> turns retries off.
    /// </summary>
    public RetryOptions? Retry { get; init; }

    /// <summary>Test seam: the Hawk nonce for each request. Not public: a fixed nonce in production is a replay risk.</summary>
    internal Func<string>? NonceGenerator { get; init; }
}
