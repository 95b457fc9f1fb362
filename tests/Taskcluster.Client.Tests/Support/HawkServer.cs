using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Support;

/// <summary>
/// A loopback server that authenticates like TaskCluster: every request must carry a valid Hawk header (or a valid
/// bewit); otherwise it answers 401 with a JSON message. Authorized requests get <c>{"ok":true}</c>.
/// </summary>
internal sealed class HawkServer : IAsyncDisposable
{
    private HawkServer(LoopbackServer server, ConcurrentQueue<HawkResult> verdicts)
    {
        Server = server;
        Verdicts = verdicts;
    }

    public LoopbackServer Server { get; }

    public ConcurrentQueue<HawkResult> Verdicts { get; }

    public string BaseUrl => Server.Origin + "/v1";

    public static async Task<HawkServer> StartAsync(HawkVerifier verifier, string okBody = "{\"ok\":true}")
    {
        var verdicts = new ConcurrentQueue<HawkResult>();
        var server = await LoopbackServer.StartAsync(async (context, request) =>
        {
            var verdict = request.RawTarget.Contains("bewit=", StringComparison.Ordinal)
                ? verifier.VerifyBewit(request.Method, request.RawTarget, request.Host, request.Port)
                : verifier.VerifyHeader(request.Header("Authorization"), request.Method, request.RawTarget, request.Host,
                    request.Port, request.Header("Content-Type"), request.Body);
            verdicts.Enqueue(verdict);
            if (verdict.Accepted)
            {
                await LoopbackServer.WriteAsync(context.Response, 200, "application/json", okBody);
            }
            else
            {
                await LoopbackServer.WriteAsync(context.Response, 401, "application/json",
                    System.Text.Json.JsonSerializer.Serialize(new { message = "Authorization failed: " + verdict.Error }));
            }
        });
        return new HawkServer(server, verdicts);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
