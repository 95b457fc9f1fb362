using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Taskcluster;

// N authenticated task (GET /task/<taskId>) calls through the SDK versus the same GET sent by a bare HttpClient with a precomputed
// Authorization header, against one in-process Kestrel server, in alternating rounds; medians are compared. The same
// calls made anonymously through the SDK run in the same rounds, to split the cost of signing from the rest.
// The typed pair: Queue.StatusAsync (the generated TaskStatusResponse model) versus the raw GET of the same status
// deserialized into a hand-written record with a System.Text.Json source-generated context, the fastest a
// hand-rolled typed client gets.
const int Warmup = 20_000;
const int CallsPerRound = 200;
const int Rounds = 101;
const string TaskId = "TDmgwSHNRkOOFtv8MfBBNg";
const string TaskJson = "{\"provisionerId\":\"aws-provisioner\",\"workerType\":\"b2gtest\",\"schedulerId\":\"task-graph-scheduler\","
    + "\"taskGroupId\":\"dSlITZ4yQgmvxxAi4A8fHQ\",\"created\":\"2014-09-08T10:00:00.000Z\",\"deadline\":\"2014-09-09T10:00:00.000Z\","
    + "\"routes\":[],\"scopes\":[],\"payload\":{\"image\":\"ubuntu\",\"command\":[\"echo\",\"hi\"]},\"metadata\":{\"name\":\"t\","
    + "\"description\":\"d\",\"owner\":\"me@example.com\",\"source\":\"http://example.com\"},\"tags\":{},\"extra\":{}}";

const string StatusJson = "{\"status\":{\"taskId\":\"TDmgwSHNRkOOFtv8MfBBNg\",\"provisionerId\":\"proj-example\",\"workerType\":\"ci\","
    + "\"taskQueueId\":\"proj-example/ci\",\"schedulerId\":\"-\",\"projectId\":\"none\",\"taskGroupId\":\"dSlITZ4yQgmvxxAi4A8fHQ\","
    + "\"deadline\":\"2026-11-30T13:00:00.000Z\",\"expires\":\"2027-11-30T12:00:00.000Z\",\"retriesLeft\":4,\"state\":\"running\",\"runs\":["
    + "{\"runId\":0,\"state\":\"exception\",\"reasonCreated\":\"scheduled\",\"reasonResolved\":\"worker-shutdown\",\"workerGroup\":\"us-east-1\","
    + "\"workerId\":\"i-0a1b2c3d4e5f\",\"takenUntil\":\"2026-11-30T12:20:00.000Z\",\"scheduled\":\"2026-11-30T12:00:00.123Z\","
    + "\"started\":\"2026-11-30T12:00:05.456Z\",\"resolved\":\"2026-11-30T12:10:00.789Z\"},"
    + "{\"runId\":1,\"state\":\"running\",\"reasonCreated\":\"retry\",\"workerGroup\":\"us-east-1\",\"workerId\":\"i-0f9e8d7c6b5a\","
    + "\"takenUntil\":\"2026-11-30T12:40:00.000Z\",\"scheduled\":\"2026-11-30T12:10:00.800Z\",\"started\":\"2026-11-30T12:10:02.000Z\"}]}}";

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
var app = builder.Build();
byte[] taskBytes = System.Text.Encoding.UTF8.GetBytes(TaskJson);
byte[] statusBytes = System.Text.Encoding.UTF8.GetBytes(StatusJson);
app.Run(context =>
{
    byte[] body = context.Request.Path.Value!.EndsWith("/status", StringComparison.Ordinal) ? statusBytes : taskBytes;
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
await app.StartAsync();
string origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

var credentials = new Credentials("bench-client", "bench-token");
var queue = new Queue(new ClientOptions { RootUrl = origin, Credentials = credentials });
// The JSON pair compares JSON with JSON: the by-name call returns the parsed JsonElement, as the raw side parses.
string[] taskArgs = [TaskId];
Func<Task> sdkCall = () => queue.CallAsync("task", taskArgs);
// Anonymous: an explicit client without credentials (the environment's would otherwise be picked up).
var anonymousQueue = new Queue(new ClientOptions { RootUrl = origin, Credentials = null });
if (anonymousQueue.ClientId is not null) throw new InvalidOperationException("unset TASKCLUSTER_CLIENT_ID to run the benchmark");
Func<Task> anonymousCall = () => anonymousQueue.CallAsync("task", taskArgs);

// The raw side sends what the SDK sends (same URL, Accept and an Authorization header of the same shape), but the
// header is computed once: it measures HttpClient + Kestrel alone. Like any caller that fetches more than one task,
// it builds the URL for each call (HttpClient caches work on a Uri instance, so reusing one would flatter it).
var raw = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All });
string rawPrefix = origin + "/api/queue/v1/task/";
string rawAuthorization = "Hawk id=\"bench-client\", ts=\"1400000000\", nonce=\"AbC12345\", hash=\"B0weSUXsMcb5UhL41FZbrUJCAotzSI3HawE1NPLRUz8=\", mac=\"5vkl+L6yK8n2YAcNyD/MgyFP6pQPY6reOXBFrPNJOXY=\"";
Func<Task> rawCall = async () =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, rawPrefix + TaskId);
    request.Headers.TryAddWithoutValidation("Accept", "application/json");
    request.Headers.TryAddWithoutValidation("Authorization", rawAuthorization);
    using var response = await raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    byte[] body = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode || body.Length == 0) throw new InvalidOperationException("raw call failed");
    // The SDK hands back parsed JSON; a raw caller has to parse too before it can use the task.
    using var task = JsonDocument.Parse(body);
    if (task.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidOperationException("raw call failed");
};

Func<Task> typedCall = async () =>
{
    var status = await queue.StatusAsync(TaskId);
    if (status.Status.Runs.Count != 2) throw new InvalidOperationException("typed call failed");
};
string rawStatusUrl = rawPrefix + TaskId + "/status";
Func<Task> rawTypedCall = async () =>
{
    using var request = new HttpRequestMessage(HttpMethod.Get, rawStatusUrl);
    request.Headers.TryAddWithoutValidation("Accept", "application/json");
    request.Headers.TryAddWithoutValidation("Authorization", rawAuthorization);
    using var response = await raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    byte[] body = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException("raw typed call failed");
    var status = JsonSerializer.Deserialize(body, BenchJsonContext.Default.StatusResponse);
    if (status?.Status.Runs.Count != 2) throw new InvalidOperationException("raw typed call failed");
};

var sides = new[] { rawCall, sdkCall, anonymousCall, rawTypedCall, typedCall };
const int Raw = 0, Sdk = 1, Anonymous = 2, RawTyped = 3, Typed = 4;
foreach (var side in sides) await RunAsync(side, Warmup);

var times = sides.Select(_ => new List<double>()).ToArray();
var allocations = sides.Select(_ => new List<double>()).ToArray();
var ratios = new List<double>();
var anonymousRatios = new List<double>();
var signingRatios = new List<double>();
var typedRatios = new List<double>();
for (int round = 0; round < Rounds; round++)
{
    // Rotate which side goes first so that drift in machine state does not favour one of them.
    for (int i = 0; i < sides.Length; i++)
    {
        int side = (round + i) % sides.Length;
        var (perCall, bytesPerCall) = await RunAsync(sides[side], CallsPerRound);
        times[side].Add(perCall);
        allocations[side].Add(bytesPerCall);
    }
    // A round's sides run back to back, so their ratio cancels most of the load other processes put on the
    // machine; the median of those ratios is the figure reported. Signed and anonymous SDK calls share one
    // connection, so their ratio is the steadiest measure of what signing costs (raw has a connection of its own).
    ratios.Add(times[Sdk][^1] / times[Raw][^1]);
    anonymousRatios.Add(times[Anonymous][^1] / times[Raw][^1]);
    signingRatios.Add(times[Sdk][^1] / times[Anonymous][^1]);
    typedRatios.Add(times[Typed][^1] / times[RawTyped][^1]);
}

double sdkBytes = Median(allocations[Sdk]), rawBytes = Median(allocations[Raw]);
Console.WriteLine($"http.sdk_us_per_call {Median(times[Sdk]):F2}");
Console.WriteLine($"http.raw_us_per_call {Median(times[Raw]):F2}");
Console.WriteLine($"http.overhead_ratio {Median(ratios):F3}");
Console.WriteLine($"http.unsigned_overhead_ratio {Median(anonymousRatios):F3}");
Console.WriteLine($"http.signed_vs_unsigned_ratio {Median(signingRatios):F3}");
Console.WriteLine($"http.sdk_bytes_per_call {sdkBytes:F0}");
Console.WriteLine($"http.raw_bytes_per_call {rawBytes:F0}");
Console.WriteLine($"http.sdk_extra_bytes_per_call {sdkBytes - rawBytes:F0}");
double typedBytes = Median(allocations[Typed]), rawTypedBytes = Median(allocations[RawTyped]);
Console.WriteLine($"http.typed_us_per_call {Median(times[Typed]):F2}");
Console.WriteLine($"http.raw_typed_us_per_call {Median(times[RawTyped]):F2}");
Console.WriteLine($"http.typed_overhead_ratio {Median(typedRatios):F3}");
Console.WriteLine($"http.typed_extra_bytes_per_call {typedBytes - rawTypedBytes:F0}");
await app.StopAsync();
return 0;

// Allocation method: GC.GetAllocatedBytesForCurrentThread misses everything after the first await (continuations run
// on pool threads), so this takes GC.GetTotalAllocatedBytes(precise: true) around a whole round. That count is
// process-wide and includes the in-process Kestrel server's allocations for the same requests; the server does the
// same work for both sides, so the difference sdk - raw is the SDK's own extra allocation per call.
static async Task<(double MicrosecondsPerCall, double BytesPerCall)> RunAsync(Func<Task> call, int count)
{
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < count; i++) await call();
    watch.Stop();
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    return (watch.Elapsed.TotalMilliseconds * 1000 / count, (double)allocated / count);
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

/// <summary>What a careful hand-written client would declare for task-status-response.json.</summary>
internal sealed record StatusResponse(TaskStatus Status);

internal sealed record TaskStatus(
    string TaskId, string ProvisionerId, string WorkerType, string TaskQueueId, string SchedulerId, string ProjectId,
    string TaskGroupId, DateTimeOffset Deadline, DateTimeOffset Expires, int RetriesLeft, string State, IReadOnlyList<Run> Runs);

internal sealed record Run(
    int RunId, string State, string ReasonCreated, string? ReasonResolved, string? WorkerGroup, string? WorkerId,
    DateTimeOffset? TakenUntil, DateTimeOffset Scheduled, DateTimeOffset? Started, DateTimeOffset? Resolved);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StatusResponse))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
