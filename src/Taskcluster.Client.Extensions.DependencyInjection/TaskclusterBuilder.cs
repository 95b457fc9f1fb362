using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

    /// <summary>
    /// Registers a client of your own as <see cref="AddClient{TClient}(Func{ClientOptions, TClient})"/> does, and its
    /// interface (generated beside it: <c>IMyService</c>) as the same transient client, so your code can take the
    /// interface and your tests can replace it. The interface is added only if not already registered.
    /// </summary>
    /// <typeparam name="TInterface">The client's interface.</typeparam>
    /// <typeparam name="TClient">The client type.</typeparam>
    /// <param name="create">Makes a client from options: <c>options =&gt; new MyService(options)</c>.</param>
    /// <returns>This builder.</returns>
    public TaskclusterBuilder AddClient<TInterface, TClient>(Func<ClientOptions, TClient> create)
        where TInterface : class
        where TClient : class, TInterface
    {
        AddClient(create);
        Services.TryAddTransient<TInterface>(provider => provider.GetRequiredService<TClient>());
        return this;
    }
}
