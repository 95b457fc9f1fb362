// A user's program: one builtin client from the package, and clients the package's generator made from this
// project's own references (references/echo-service.json and references/apis.json). Each line it prints is
// "name: value" so the packaging tests can check it.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster;

var credentials = new Credentials("package-consumer", "not-a-real-secret");

// Builtin clients, compiled into the package's dll.
var queue = new Queue(new ClientOptions { RootUrl = "https://tc.example.test/", Credentials = credentials });
Console.WriteLine("builtin-service: " + Queue.ServiceName + "/" + Queue.ApiVersion);
Console.WriteLine("builtin-url: " + queue.TaskUrl("a/b?c#d"));
Console.WriteLine("builtin-query-url: " + queue.ListTaskGroupUrl("g", continuationToken: "a b", limit: 10));
Console.WriteLine("builtin-signed-url: " + queue.TaskSignedUrl("abc"));
// The DI package: the builtin clients from a container.
var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
Microsoft.Extensions.DependencyInjection.TaskclusterServiceCollectionExtensions.AddTaskcluster(services, o => o.RootUrl = "https://di.example.test");
using (var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services))
{
    Console.WriteLine("di-queue: " + ((Queue)provider.GetService(typeof(Queue))!).BaseUrl);
}
Binding completed = new QueueEvents().TaskCompleted(taskId: "abc");
Console.WriteLine("builtin-binding: " + completed.Exchange + " " + completed.RoutingKeyPattern);

// Clients generated in this project from its own references.
Console.WriteLine("generated-class: " + typeof(EchoApi).FullName + " : " + typeof(EchoApi).BaseType!.FullName);
Console.WriteLine("generated-default-base-url: " + EchoApi.DefaultBaseUrl);

Binding echoed = new EchoEvents().WordEchoed(word: "hello");
Console.WriteLine("generated-exchange-class: " + typeof(EchoEvents).FullName + " : " + typeof(EchoEvents).BaseType!.FullName);
Console.WriteLine("generated-binding: " + echoed.Exchange + " " + echoed.RoutingKeyPattern);

using var server = new EchoServer();
var echo = new EchoApi(new ClientOptions { BaseUrl = server.BaseUrl + "/v1", Credentials = credentials });
Console.WriteLine("generated-url: " + echo.EchoUrl("hello world/again").Replace(server.BaseUrl, "http://loopback", StringComparison.Ordinal));
Console.WriteLine("generated-signed-url: " + echo.EchoSignedUrl("hi").Replace(server.BaseUrl, "http://loopback", StringComparison.Ordinal));

using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
JsonElement echoResult = await echo.EchoAsync("hello world", timeout.Token);
Console.WriteLine("generated-echo-request: " + server.LastRequest);
Console.WriteLine("generated-echo: " + echoResult.GetProperty("word").GetString() + " (hawk=" + echoResult.GetProperty("hawk").GetBoolean() + ")");
JsonElement shoutResult = await echo.ShoutAsync(new { text = "quiet please" }, timeout.Token);
Console.WriteLine("generated-shout-request: " + server.LastRequest);
Console.WriteLine("generated-shout: " + shoutResult.GetProperty("text").GetString());

// A today's-format reference with its own schema: the method takes and returns the generated model.
var store = new Store(new ClientOptions { RootUrl = server.BaseUrl, Credentials = credentials });
Taskcluster.Models.Store.Item stored = await store.PutItemAsync("i/1", new Taskcluster.Models.Store.Item
{
    ItemId = "i/1",
    Color = Taskcluster.Models.Store.ItemColor.DeepRed,
    Tags = new[] { "new" },
}, timeout.Token);
Console.WriteLine("generated-typed-request: " + server.LastRequest + " " + server.LastBody);
Console.WriteLine("generated-typed: " + stored.ItemId + " " + stored.Color + " " + stored.Stored?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
return 0;

/// <summary>A tiny loopback HTTP server that plays the echo service.</summary>
internal sealed class EchoServer : IDisposable
{
    private readonly HttpListener _listener = new HttpListener();
    private readonly Task _loop;

    public EchoServer()
    {
        // A free port from the OS; HttpListener cannot bind port 0 itself.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = "http://127.0.0.1:" + port;
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public string LastRequest { get; private set; } = "";

    public string LastBody { get; private set; } = "";

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            var request = context.Request;
            string rawPath = request.RawUrl ?? "";
            bool hawk = (request.Headers["Authorization"] ?? "").StartsWith("Hawk ", StringComparison.Ordinal);
            LastRequest = request.HttpMethod + " " + rawPath;
            object answer;
            if (request.HttpMethod == "GET" && rawPath.StartsWith("/v1/echo/", StringComparison.Ordinal))
            {
                answer = new { word = Uri.UnescapeDataString(rawPath.Substring("/v1/echo/".Length)), hawk };
            }
            else if (request.HttpMethod == "POST" && rawPath == "/v1/shout")
            {
                using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
                using var body = JsonDocument.Parse(await reader.ReadToEndAsync().ConfigureAwait(false));
                answer = new { text = body.RootElement.GetProperty("text").GetString()!.ToUpperInvariant(), hawk };
            }
            else if (request.HttpMethod == "PUT" && rawPath.StartsWith("/api/store/v1/items/", StringComparison.Ordinal))
            {
                // The item as sent, plus the time the store kept it.
                using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
                LastBody = await reader.ReadToEndAsync().ConfigureAwait(false);
                var item = System.Text.Json.Nodes.JsonNode.Parse(LastBody)!.AsObject();
                item["stored"] = "2026-11-30T12:34:56.789Z";
                answer = item;
            }
            else
            {
                context.Response.StatusCode = 404;
                answer = new { message = "no such route: " + LastRequest };
            }
            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(answer);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
