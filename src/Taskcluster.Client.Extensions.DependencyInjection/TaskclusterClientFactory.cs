using System;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Taskcluster.Extensions.DependencyInjection;

/// <summary>
/// Makes the <see cref="ClientOptions"/> each client in the container is built with: the configured
/// <see cref="TaskclusterOptions"/> plus a fresh <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>.
/// </summary>
public sealed class TaskclusterClientFactory : IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> the clients use in <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "Taskcluster";

    private readonly IOptionsMonitor<TaskclusterOptions> _options;
    private readonly IHttpClientFactory _httpClients;
    private readonly RetryLogging _retryLogging;

    /// <summary>Created by the container.</summary>
    /// <param name="options">The configured options.</param>
    /// <param name="httpClients">The HttpClient factory.</param>
    /// <param name="loggers">Where retries are logged; null for nowhere.</param>
    public TaskclusterClientFactory(IOptionsMonitor<TaskclusterOptions> options, IHttpClientFactory httpClients, ILoggerFactory? loggers = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _httpClients = httpClients ?? throw new ArgumentNullException(nameof(httpClients));
        _retryLogging = new RetryLogging(loggers ?? NullLoggerFactory.Instance);
    }

    /// <summary>Stops logging retries; the container calls it when it is disposed.</summary>
    public void Dispose() => _retryLogging.Dispose();

    /// <summary>Options for one client: the current settings and an HttpClient from the factory.</summary>
    /// <returns>The options.</returns>
    /// <exception cref="InvalidOperationException">The settings name a client id without a token, or the reverse.</exception>
    public ClientOptions CreateOptions()
    {
        var settings = _options.CurrentValue;
        return new ClientOptions
        {
            RootUrl = settings.RootUrl,
            Credentials = settings.CreateCredentials(),
            AuthorizedScopes = settings.AuthorizedScopes?.ToArray(),
            Retry = settings.Retry,
            HttpClient = _httpClients.CreateClient(HttpClientName),
        };
    }

    /// <summary>Options for the legacy Scheduler, which has a base URL rather than a root URL.</summary>
    /// <returns>The options.</returns>
    public ClientOptions CreateSchedulerOptions()
        => CreateOptions() with { RootUrl = null, BaseUrl = _options.CurrentValue.SchedulerBaseUrl };
}
