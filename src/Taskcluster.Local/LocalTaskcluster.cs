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
/// A TaskCluster stand-in on loopback. Under one root URL it serves today's Queue, Auth, Index and Secrets
/// (<c>/api/&lt;service&gt;/v1/…</c>), the legacy 2014 Scheduler (<c>/scheduler/v1/…</c>), and the references and schemas
/// a deployment publishes (<c>/references/manifest.json</c>, <c>/schemas/…</c>), all from the builtin references. Hawk,
/// bewits and each entry's scope expression are enforced, state is in memory, and events are published to RabbitMQ.
/// Start one per test fixture:
/// <code>
/// await using var tc = await LocalTaskcluster.StartAsync(new LocalTaskclusterOptions { AmqpConnectionString = "amqp://localhost" });
/// var queue = new Queue(tc.ClientOptions("queue"));   // RootUrl = tc.RootUrl, root credentials
/// </code>
/// </summary>
public sealed class LocalTaskcluster : IAsyncDisposable
{
    private const string LegacyScheduler = "scheduler";

    private readonly WebApplication _app;
    private readonly LocalContext _context;
    private int _disposed;

    private LocalTaskcluster(WebApplication app, LocalContext context)
    {
        _app = app;
        _context = context;
    }

    /// <summary>
    /// The root URL, without a trailing slash, for example <c>http://127.0.0.1:41234</c>: what today's clients need
    /// (<see cref="Taskcluster.ClientOptions.RootUrl"/> or <c>TASKCLUSTER_ROOT_URL</c>).
    /// </summary>
    public string RootUrl => _context.RootUrl;

    /// <summary>A client that holds every scope (<c>*</c>), with a random access token made at start.</summary>
    public LocalClient RootClient => _context.RootClient;

    /// <summary>The AMQP connection string events are published to, or null when events are off.</summary>
    public string? AmqpConnectionString => _context.AmqpConnectionString;

    /// <summary>
    /// The services served: <c>auth</c>, <c>index</c>, <c>queue</c> and <c>secrets</c> in today's format, and
    /// <c>scheduler</c>, the 2014 task-graph scheduler.
    /// </summary>
    public static IReadOnlyList<string> Services { get; } = new[] { "auth", "index", "queue", "secrets", LegacyScheduler };

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
        var context = new LocalContext(options, root, clients);

        var queue = new QueueService(context);
        var scheduler = new SchedulerService(context, queue);
        var services = new ILocalService[] { new AuthService(context), new IndexService(context), queue, new SecretsService(context), scheduler };
        var router = new ReferenceRouter(services, new RequestAuthenticator(clients, options.TimeProvider, options.TimestampSkew));
        var references = new ReferenceServer(services.Where(s => s.Name != LegacyScheduler).Select(s => s.Name));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(LocalTaskcluster).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        // The stand-in lives inside someone else's process (a test run, a tool): it must not take over that
        // process's Ctrl+C and SIGTERM handling the way the default console lifetime does.
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        app.Run(httpContext => DispatchAsync(httpContext, router, references, context));

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
            context.Artifacts.Dispose();
            throw;
        }
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        context.RootUrl = address.TrimEnd('/');
        return new LocalTaskcluster(app, context);
    }

    /// <summary>
    /// The base URL of a service: <c>&lt;RootUrl&gt;/api/queue/v1</c> for today's services, <c>&lt;RootUrl&gt;/scheduler/v1</c>
    /// for the 2014 scheduler. Clients of today's services need only <see cref="RootUrl"/>; this is for raw HTTP.
    /// </summary>
    /// <param name="service">One of <see cref="Services"/>.</param>
    /// <returns>The base URL, without a trailing slash.</returns>
    /// <exception cref="ArgumentException">The service is not one the stand-in serves.</exception>
    public string BaseUrl(string service)
    {
        if (service is null || !Services.Contains(service, StringComparer.Ordinal))
            throw new ArgumentException($"The stand-in serves {string.Join(", ", Services)}; not '{service}'.", nameof(service));
        return service == LegacyScheduler ? $"{RootUrl}/scheduler/v1" : $"{RootUrl}/api/{service}/v1";
    }

    /// <summary>
    /// Client options for a service of this stand-in: <see cref="Taskcluster.ClientOptions.RootUrl"/> for today's
    /// services, <see cref="Taskcluster.ClientOptions.BaseUrl"/> for the 2014 <c>scheduler</c> (its reference predates
    /// root URLs).
    /// </summary>
    /// <param name="service">One of <see cref="Services"/>.</param>
    /// <param name="credentials">The credentials to use; null for the root client's.</param>
    /// <returns>Options for <c>new Queue(...)</c> and the like.</returns>
    /// <exception cref="ArgumentException">The service is not one the stand-in serves.</exception>
    public ClientOptions ClientOptions(string service, Credentials? credentials = null)
    {
        string baseUrl = BaseUrl(service);
        credentials ??= RootClient.Credentials;
        return service == LegacyScheduler
            ? new ClientOptions { BaseUrl = baseUrl, Credentials = credentials }
            : new ClientOptions { RootUrl = RootUrl, Credentials = credentials };
    }

    /// <summary>Stops the server and the event publisher.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_context.Publisher is { } publisher) await publisher.DisposeAsync().ConfigureAwait(false);
        _context.Artifacts.Dispose();
    }

    private static async Task DispatchAsync(HttpContext http, ReferenceRouter router, ReferenceServer references, LocalContext context)
    {
        // Pages on other origins (a Blazor dashboard) call the stand-in as they call TaskCluster.
        if (Cors.Handle(http)) return;
        string rawTarget = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        int query = rawTarget.IndexOf('?');
        string rawPath = query < 0 ? rawTarget : rawTarget.Substring(0, query);
        if (rawPath.StartsWith(ArtifactStore.PathPrefix, StringComparison.Ordinal))
        {
            await ServeArtifactAsync(http, context, rawPath.Substring(ArtifactStore.PathPrefix.Length)).ConfigureAwait(false);
            return;
        }
        if (ReferenceServer.Serves(rawPath))
        {
            await references.HandleAsync(http, rawPath).ConfigureAwait(false);
            return;
        }
        await router.HandleAsync(http, rawPath, rawTarget).ConfigureAwait(false);
    }

    /// <summary>
    /// The artifact store's side, as S3 answers a pre-signed URL: PUT uploads while the URL is good, GET downloads,
    /// whole or from a byte offset (<c>Range: bytes=N-</c>, answered 206), so a client can resume a broken download.
    /// </summary>
    private static async Task ServeArtifactAsync(HttpContext http, LocalContext context, string token)
    {
        if (HttpMethods.IsPut(http.Request.Method))
        {
            // Artifacts may be far larger than Kestrel's default request limit (30 MB), as S3 objects are.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
            var stored = await context.Artifacts.PutAsync(
                token, http.Request.Body, http.Request.ContentType ?? "application/octet-stream", context.Now, http.RequestAborted).ConfigureAwait(false);
            http.Response.StatusCode = stored switch
            {
                ArtifactStore.PutResult.Stored => 200,
                ArtifactStore.PutResult.Expired => 403,
                _ => 404,
            };
            return;
        }
        if (HttpMethods.IsGet(http.Request.Method) && context.Artifacts.TryGet(token, out var path, out var contentType))
        {
            long length = new FileInfo(path).Length;
            long offset = 0;
            string range = http.Request.Headers.Range.ToString();
            if (range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
                && long.TryParse(range.AsSpan(6, range.Length - 7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long start))
            {
                if (start >= length && length > 0)
                {
                    http.Response.StatusCode = 416;
                    http.Response.Headers.ContentRange = $"bytes */{length}";
                    return;
                }
                offset = start;
                http.Response.StatusCode = 206;
                http.Response.Headers.ContentRange = $"bytes {start}-{Math.Max(length - 1, 0)}/{length}";
            }
            http.Response.Headers.AcceptRanges = "bytes";
            http.Response.ContentType = contentType;
            http.Response.ContentLength = length - offset;
            await http.Response.SendFileAsync(path, offset, length - offset, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        http.Response.StatusCode = 404;
    }
}

/// <summary>A host lifetime that leaves signals alone: the stand-in stops when it is disposed, not on Ctrl+C.</summary>
internal sealed class EmbeddedLifetime : Microsoft.Extensions.Hosting.IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
