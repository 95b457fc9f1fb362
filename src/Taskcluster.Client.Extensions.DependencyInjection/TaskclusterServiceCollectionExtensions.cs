using System;
using System.Net;
using System.Net.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Taskcluster;
using Taskcluster.Extensions.DependencyInjection;

// In the namespace of IServiceCollection, as the Microsoft.Extensions packages do, so AddTaskcluster shows up where
// services are configured without another using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Taskcluster clients.</summary>
public static class TaskclusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers every builtin client (<see cref="Queue"/>, <see cref="Taskcluster.Index"/>, <see cref="QueueEvents"/>, ...),
    /// configured by <paramref name="configure"/>, with its HttpClient from <c>IHttpClientFactory</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the root URL, credentials and the rest; null to rely on the environment.</param>
    /// <returns>A builder to add handlers to the HttpClient or register clients of your own.</returns>
    public static TaskclusterBuilder AddTaskcluster(this IServiceCollection services, Action<TaskclusterOptions>? configure = null)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        var options = services.AddOptions<TaskclusterOptions>();
        if (configure is not null) options.Configure(configure);
        return Register(services);
    }

    /// <summary>Registers every builtin client, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section, for example <c>builder.Configuration.GetSection("Taskcluster")</c>.</param>
    /// <returns>A builder to add handlers to the HttpClient or register clients of your own.</returns>
    public static TaskclusterBuilder AddTaskcluster(this IServiceCollection services, IConfiguration section)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        if (section is null) throw new ArgumentNullException(nameof(section));
        services.AddOptions<TaskclusterOptions>().Bind(section);
        return Register(services);
    }

    private static TaskclusterBuilder Register(IServiceCollection services)
    {
        var http = services.AddHttpClient(TaskclusterClientFactory.HttpClientName)
            // The SDK follows redirects itself, re-signing for the same origin and dropping credentials otherwise.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
            });
        services.TryAddSingleton<TaskclusterClientFactory>();

        var builder = new TaskclusterBuilder(services, http);
        builder.AddClient(options => new Auth(options));
        builder.AddClient(options => new Github(options));
        builder.AddClient(options => new Hooks(options));
        builder.AddClient(options => new Taskcluster.Index(options));
        builder.AddClient(options => new Notify(options));
        builder.AddClient(options => new ObjectService(options));
        builder.AddClient(options => new PurgeCache(options));
        builder.AddClient(options => new Queue(options));
        builder.AddClient(options => new Secrets(options));
        builder.AddClient(options => new WorkerManager(options));
        services.AddTransient(provider => new Scheduler(provider.GetRequiredService<TaskclusterClientFactory>().CreateSchedulerOptions()));

        // Exchange clients make no requests; one each is enough.
        services.TryAddSingleton(_ => new AuthEvents());
        services.TryAddSingleton(_ => new GithubEvents());
        services.TryAddSingleton(_ => new HooksEvents());
        services.TryAddSingleton(_ => new NotifyEvents());
        services.TryAddSingleton(_ => new QueueEvents());
        services.TryAddSingleton(_ => new WorkerManagerEvents());
        services.TryAddSingleton(_ => new SchedulerEvents());
        return builder;
    }
}
