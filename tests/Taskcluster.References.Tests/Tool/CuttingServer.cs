using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Taskcluster.References.Tests.Tool;

/// <summary>
/// An in-process Kestrel server on loopback that serves a <see cref="TestDeployment"/> and can cut chosen responses
/// short: it promises the whole body, sends half, and aborts the connection, as a server or proxy that drops a
/// connection does. WireMock's faults stay well-formed HTTP, so they cannot show this.
/// </summary>
internal sealed class CuttingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, int> _cutsLeft;
    private readonly ConcurrentQueue<string> _requested = new();

    private CuttingServer(WebApplication app, IReadOnlyDictionary<string, string> documents, IReadOnlyDictionary<string, int> cuts)
    {
        _app = app;
        _cutsLeft = new Dictionary<string, int>(cuts);
        _app.Run(async context =>
        {
            string path = context.Request.Path.Value ?? "/";
            _requested.Enqueue(path);
            if (!documents.TryGetValue(path, out string? body))
            {
                context.Response.StatusCode = 404;
                return;
            }
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            if (TakeCut(path))
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
            }
            await context.Response.Body.WriteAsync(bytes);
        });
    }

    /// <summary>The server's origin, for example <c>http://127.0.0.1:54321</c>.</summary>
    public string Origin { get; private set; } = string.Empty;

    /// <summary>How many requests asked for <paramref name="path"/>.</summary>
    public int RequestsFor(string path) => _requested.Count(p => p == path);

    /// <summary>Starts serving.</summary>
    /// <param name="deployment">The documents.</param>
    /// <param name="cuts">Paths, and how many of their first responses are cut short.</param>
    public static async Task<CuttingServer> StartAsync(TestDeployment deployment, IReadOnlyDictionary<string, int> cuts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var server = new CuttingServer(builder.Build(), new Dictionary<string, string>(deployment.Documents), cuts);
        await server._app.StartAsync();
        string address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Origin = $"http://127.0.0.1:{new Uri(address).Port}";
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private bool TakeCut(string path)
    {
        lock (_cutsLeft)
        {
            if (!_cutsLeft.TryGetValue(path, out int left) || left == 0) return false;
            _cutsLeft[path] = left - 1;
            return true;
        }
    }
}
