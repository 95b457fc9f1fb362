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
    /// <remarks>
    /// Each client's interface (<see cref="IQueue"/>, <see cref="IQueueEvents"/>, ...) resolves to the same client. The
    /// interfaces are added only if not already registered, so a test can register a fake <see cref="IQueue"/> before or
    /// after this call (after: the later registration wins, as usual).
    /// </remarks>
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
        builder.AddClient<IAuth, Auth>(options => new Auth(options));
        builder.AddClient<IGithub, Github>(options => new Github(options));
        builder.AddClient<IHooks, Hooks>(options => new Hooks(options));
        builder.AddClient<IIndex, Taskcluster.Index>(options => new Taskcluster.Index(options));
        builder.AddClient<INotify, Notify>(options => new Notify(options));
        builder.AddClient<IObjectService, ObjectService>(options => new ObjectService(options));
        builder.AddClient<IPurgeCache, PurgeCache>(options => new PurgeCache(options));
        builder.AddClient<IQueue, Queue>(options => new Queue(options));
        builder.AddClient<ISecrets, Secrets>(options => new Secrets(options));
        builder.AddClient<IWorkerManager, WorkerManager>(options => new WorkerManager(options));
        services.AddTransient(provider => new Scheduler(provider.GetRequiredService<TaskclusterClientFactory>().CreateSchedulerOptions()));
        services.TryAddTransient<IScheduler>(provider => provider.GetRequiredService<Scheduler>());

        // Exchange clients make no requests; one each is enough, and the interface resolves to that same one.
        AddExchangeClient<IAuthEvents, AuthEvents>(services, () => new AuthEvents());
        AddExchangeClient<IGithubEvents, GithubEvents>(services, () => new GithubEvents());
        AddExchangeClient<IHooksEvents, HooksEvents>(services, () => new HooksEvents());
        AddExchangeClient<INotifyEvents, NotifyEvents>(services, () => new NotifyEvents());
        AddExchangeClient<IQueueEvents, QueueEvents>(services, () => new QueueEvents());
        AddExchangeClient<IWorkerManagerEvents, WorkerManagerEvents>(services, () => new WorkerManagerEvents());
        AddExchangeClient<ISchedulerEvents, SchedulerEvents>(services, () => new SchedulerEvents());
        return builder;
    }

    private static void AddExchangeClient<TInterface, TClient>(IServiceCollection services, Func<TClient> create)
        where TInterface : class
        where TClient : class, TInterface
    {
        services.TryAddSingleton(_ => create());
        services.TryAddSingleton<TInterface>(provider => provider.GetRequiredService<TClient>());
    }
}
