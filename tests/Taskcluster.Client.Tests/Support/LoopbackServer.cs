using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Taskcluster.Client.Tests.Support;

/// <summary>What arrived at the loopback server, byte for byte where it matters.</summary>
internal sealed record RecordedRequest(
    string Method, string RawTarget, string Host, int Port, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 with an ephemeral port. It records every request (the raw request
/// target, not a decoded path) and answers through the test's handler.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackServer(WebApplication app, Func<HttpContext, RecordedRequest, Task> handler)
    {
        _app = app;
        _app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var feature = context.Features.Get<IHttpRequestFeature>()!;
            var recorded = new RecordedRequest(
                context.Request.Method,
                feature.RawTarget,
                context.Request.Host.Host,
                context.Request.Host.Port ?? 80,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray());
            _requests.Enqueue(recorded);
            await handler(context, recorded);
        });
    }

    public int Port { get; private set; }

    /// <summary>The server's origin, for example <c>http://127.0.0.1:54321</c>.</summary>
    public string Origin => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, RecordedRequest, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var server = new LoopbackServer(builder.Build(), handler);
        await server._app.StartAsync();
        string address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>A server that answers every request with the same JSON.</summary>
    public static Task<LoopbackServer> StartJsonAsync(int status, string json)
        => StartAsync((context, _) => WriteAsync(context.Response, status, "application/json", json));

    public static async Task WriteAsync(HttpResponse response, int status, string? contentType, string body)
    {
        response.StatusCode = status;
        if (contentType is not null) response.ContentType = contentType;
        if (body.Length > 0) await response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
