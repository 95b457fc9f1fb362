using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.Client.Tests.Support;

/// <summary>A request vector turned into a call: which entry, with which route arguments and payload.</summary>
internal sealed record VectorCall(Reference Reference, ApiEntry Entry, string[] Args, JsonElement? Payload)
{
    public static VectorCall From(JsonElement vector)
    {
        var reference = Vectors.ReferenceFor(vector);
        var entry = reference.Entries.Single(e => e.Name == vector.GetProperty("method").GetString());
        var all = vector.GetProperty("args").EnumerateArray().ToArray();
        string[] args = all.Take(entry.Args.Count).Select(a => Vectors.Arg(a)!).ToArray();
        JsonElement? payload = entry.HasInput ? all[entry.Args.Count] : null;
        return new VectorCall(reference, entry, args, payload);
    }

    public object? PayloadObject => Payload is { } payload ? payload : null;

    /// <summary>The path the fixed client must put on the wire: every argument percent-encoded as one segment.</summary>
    public string ExpectedPath(string basePath)
    {
        string path = Entry.Route;
        for (int i = 0; i < Entry.Args.Count; i++)
        {
            path = path.Replace("<" + Entry.Args[i] + ">", Uri.EscapeDataString(Args[i]), StringComparison.Ordinal);
        }
        return basePath + path;
    }
}

/// <summary>
/// An HttpMessageHandler that answers without a network and keeps what it was given, to see the exact headers the
/// pipeline produced for a URL on a host we cannot reach (the Hawk MAC covers host and port).
/// </summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, HttpResponseMessage> _answer;

    public CapturingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) => _answer = answer;

    public ConcurrentQueue<(string Method, string Url, string? Authorization)> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.Single() : null;
        Requests.Enqueue((request.Method.Method, request.RequestUri!.AbsoluteUri, authorization));
        return Task.FromResult(_answer(request));
    }

    public static HttpResponseMessage Json(string json) => new(System.Net.HttpStatusCode.OK)
    {
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };
}
