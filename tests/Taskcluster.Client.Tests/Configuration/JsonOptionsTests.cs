using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Taskcluster.Client.Tests.Configuration;

/// <summary>Untyped payloads go through the caller's JsonSerializerOptions, which the clients never change.</summary>
public sealed class JsonOptionsTests
{
    [Test]
    public async Task An_anonymous_payload_is_written_with_the_callers_options_and_those_options_stay_untouched()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/api/queue/v1/task/t1")).RespondWith(Response.Create().WithBody("{}"));
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var first = new Queue(new ClientOptions { BaseUrl = server.Url + "/api/queue/v1", Credentials = null, JsonSerializerOptions = options });
        var second = new Queue(new ClientOptions { BaseUrl = server.Url + "/api/queue/v1", Credentials = null, JsonSerializerOptions = options });

        await first.CallAsync("createTask", ["t1"], new { TaskQueueId = "proj/ci" });
        await second.CallAsync("createTask", ["t1"], new { TaskQueueId = "proj/other" });

        var bodies = server.LogEntries.Select(entry => entry.RequestMessage.Body).ToList();
        Assert.That(bodies, Is.EqualTo(new[] { "{\"task_queue_id\":\"proj/ci\"}", "{\"task_queue_id\":\"proj/other\"}" }));
        // The clients resolve types on a copy: the caller's options are neither given a resolver nor frozen.
        Assert.That(options.TypeInfoResolver, Is.Null);
        Assert.That(options.IsReadOnly, Is.False);
    }
}
