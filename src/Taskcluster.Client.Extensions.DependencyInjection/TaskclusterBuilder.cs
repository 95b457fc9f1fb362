using System;
using Microsoft.Extensions.DependencyInjection;

namespace Taskcluster.Extensions.DependencyInjection;

/// <summary>What <c>AddTaskcluster</c> returns: the container, the HttpClient every API client sends with, and a way to add your own clients.</summary>
public sealed class TaskclusterBuilder
{
    internal TaskclusterBuilder(IServiceCollection services, IHttpClientBuilder httpClient)
    {
        Services = services;
        HttpClient = httpClient;
    }

    /// <summary>The service collection the clients are registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The named <see cref="System.Net.Http.HttpClient"/> (<see cref="TaskclusterClientFactory.HttpClientName"/>) every
    /// API client gets from <c>IHttpClientFactory</c>: add your own delegating handlers (logging, resilience) here.
    /// Its primary handler does not follow redirects, so that the SDK decides where credentials go; keep it that way.
    /// </summary>
    public IHttpClientBuilder HttpClient { get; }

    /// <summary>
    /// Registers a client of your own (for example one generated from your project's references) so it is built with
    /// the same options and HttpClient as the builtin ones. API clients are transient, as IHttpClientFactory wants.
    /// </summary>
    /// <typeparam name="TClient">The client type.</typeparam>
    /// <param name="create">Makes a client from options: <c>options =&gt; new MyService(options)</c>.</param>
    /// <returns>This builder.</returns>
    public TaskclusterBuilder AddClient<TClient>(Func<ClientOptions, TClient> create)
        where TClient : class
    {
        if (create is null) throw new ArgumentNullException(nameof(create));
        Services.AddTransient(provider => create(provider.GetRequiredService<TaskclusterClientFactory>().CreateOptions()));
        return this;
    }
}
