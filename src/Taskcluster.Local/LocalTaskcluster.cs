using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Taskcluster.Local;

/// <summary>
/// A TaskCluster stand-in on loopback: Queue, Auth, Index and Scheduler served from the builtin references, with
/// Hawk, bewits and scopes enforced, state in memory, and events published to RabbitMQ. Start one per test fixture:
/// <code>
/// await using var tc = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions { AmqpConnectionString = "amqp://localhost" });
/// var queue = new Queue(tc.ClientOptions("queue"));
/// </code>
/// </summary>
public sealed class LocalTaskcluster : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LocalContext _context;
    private int _disposed;

    private LocalTaskcluster(WebApplication app, LocalContext context, Uri rootUrl, LocalClient rootClient)
    {
        _app = app;
        _context = context;
        RootUrl = rootUrl;
        RootClient = rootClient;
    }

    /// <summary>The server's root URL, for example <c>http://127.0.0.1:41234</c>.</summary>
    public Uri RootUrl { get; }

    /// <summary>A client that holds every scope (<c>*</c>), with a random access token made at start.</summary>
    public LocalClient RootClient { get; }

    /// <summary>The AMQP connection string events are published to, or null when events are off.</summary>
    public string? AmqpConnectionString => _context.AmqpConnectionString;

    /// <summary>The services served, by path prefix: <c>auth</c>, <c>index</c>, <c>queue</c>, <c>scheduler</c>.</summary>
    public static IReadOnlyList<string> Services { get; } = new[] { "auth", "index", "queue", "scheduler" };

    /// <summary>Starts a stand-in.</summary>
    /// <param name="options">Clients, port, AMQP connection string; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running stand-in; dispose it to stop it.</returns>
    public static async Task<LocalTaskcluster> StartAsync(LocalTaskclusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalTaskclusterOptions();
        if (options.Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be 0..65535.");
        var root = new LocalClient("root", Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), new[] { "*" });
        var clients = new List<LocalClient> { root };
        clients.AddRange(options.Clients);
        var context = new LocalContext(options, clients);

        var queue = new QueueService(context);
        var scheduler = new SchedulerService(context, queue);
        var services = new ILocalService[] { new AuthService(context), new IndexService(context), queue, scheduler };
        var router = new ReferenceRouter(services, new RequestAuthenticator(clients, options.TimeProvider, options.TimestampSkew));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(LocalTaskcluster).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        // The stand-in lives inside someone else's process (a test run, a tool): it must not take over that
        // process's Ctrl+C and SIGTERM handling the way the default console lifetime does.
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.Run(httpContext => DispatchAsync(httpContext, router, context.Artifacts));

        if (options.AmqpConnectionString is { } amqp)
        {
            context.Publisher = await EventPublisher.ConnectAsync(amqp, new ExchangeClient[] { queue.Events, scheduler.Events }, cancellationToken)
                .ConfigureAwait(false);
        }
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (context.Publisher is { } publisher) await publisher.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        context.RootUrl = address.TrimEnd('/');
        return new LocalTaskcluster(app, context, new Uri(context.RootUrl), root);
    }

    /// <summary>The base URL of a service, for example <c>http://127.0.0.1:41234/queue/v1</c>.</summary>
    /// <param name="service">One of <see cref="Services"/>.</param>
    /// <returns>The base URL to give a client.</returns>
    /// <exception cref="ArgumentException">The service is not one the stand-in serves.</exception>
    public string BaseUrl(string service)
    {
        if (service is null || !Services.Contains(service, StringComparer.Ordinal))
            throw new ArgumentException($"The stand-in serves {string.Join(", ", Services)}; not '{service}'.", nameof(service));
        return $"{_context.RootUrl}/{service}/v1";
    }

    /// <summary>Client options pointing at a service of this stand-in.</summary>
    /// <param name="service">One of <see cref="Services"/>.</param>
    /// <param name="credentials">The credentials to use; null for the root client's.</param>
    /// <returns>Options for <c>new Queue(...)</c> and the like.</returns>
    public ClientOptions ClientOptions(string service, Credentials? credentials = null)
        => new() { BaseUrl = BaseUrl(service), Credentials = credentials ?? RootClient.Credentials };

    /// <summary>Stops the server and the event publisher.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_context.Publisher is { } publisher) await publisher.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task DispatchAsync(HttpContext context, ReferenceRouter router, ArtifactStore artifacts)
    {
        string rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        int query = rawTarget.IndexOf('?');
        string rawPath = query < 0 ? rawTarget : rawTarget.Substring(0, query);
        if (rawPath.StartsWith(ArtifactStore.PathPrefix, StringComparison.Ordinal))
        {
            await ServeArtifactAsync(context, artifacts, rawPath.Substring(ArtifactStore.PathPrefix.Length)).ConfigureAwait(false);
            return;
        }
        await router.HandleAsync(context, rawPath, rawTarget).ConfigureAwait(false);
    }

    private static async Task ServeArtifactAsync(HttpContext context, ArtifactStore artifacts, string token)
    {
        if (HttpMethods.IsPut(context.Request.Method))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            context.Response.StatusCode = artifacts.Put(token, buffer.ToArray(), context.Request.ContentType ?? "application/octet-stream") ? 200 : 404;
            return;
        }
        if (HttpMethods.IsGet(context.Request.Method) && artifacts.TryGet(token, out var bytes, out var contentType))
        {
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = 404;
    }
}

/// <summary>A host lifetime that leaves signals alone: the stand-in stops when it is disposed, not on Ctrl+C.</summary>
internal sealed class EmbeddedLifetime : Microsoft.Extensions.Hosting.IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
