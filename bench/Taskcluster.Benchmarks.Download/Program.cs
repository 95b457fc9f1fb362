// Artifact download benchmark: Queue.DownloadArtifactAsync (artifact-content call, then the storage GET streamed to a
// sink) against a raw HttpClient GET of the same storage URL copied to the same sink, on the local stand-in, in
// alternating rounds; prints for a 10 MB and a 1 GB artifact the median throughput ratio (raw time / SDK time, 1.0 = as
// fast as raw), the bytes the SDK allocates beyond the raw copy, and the managed-heap high-water mark during one SDK
// download (includes the in-process stand-in's buffers; streamed, neither may grow with the artifact's size).
using System.Text.Json.Nodes;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster;
using Taskcluster.Local;
using Taskcluster.Models.Queue;

await using var tc = await LocalTaskcluster.StartAsync();
var queue = new Queue(tc.ClientOptions("queue"));
using var raw = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

string taskQueueId = "bench/download", taskId = Slugid.Nice();
await queue.CreateTaskAsync(taskId, new CreateTaskRequest
{
    TaskQueueId = taskQueueId,
    Created = DateTimeOffset.UtcNow,
    Deadline = DateTimeOffset.UtcNow.AddHours(1),
    Payload = new JsonObject(),
    Metadata = new TaskMetadata { Name = "bench", Description = "download benchmark", Owner = "bench@example.com", Source = "https://example.com" },
});
await queue.ClaimWorkAsync(taskQueueId, new ClaimWorkRequest { WorkerGroup = "g", WorkerId = "w", Tasks = 1 });

foreach (var (label, size, rounds) in new[] { ("10mb", 10L * 1024 * 1024, 31), ("1gb", 1024L * 1024 * 1024, 5) })
{
    string name = "public/bench-" + label + ".bin";
    var created = (PostArtifactResponseS3)await queue.CreateArtifactAsync(taskId, "0", name,
        new PostArtifactRequestS3 { ContentType = "application/octet-stream", Expires = DateTimeOffset.UtcNow.AddDays(1) });
    using (var content = new StreamContent(new PatternStream(size)))
    {
        using var put = await raw.PutAsync(created.PutUrl, content);
        put.EnsureSuccessStatusCode();
    }
    string storageUrl = ((ArtifactContentResponseS3)await queue.ArtifactAsync(taskId, "0", name)).Url;

    async Task<long> Sdk()
    {
        var sink = new CountingSink();
        await queue.DownloadArtifactAsync(taskId, "0", name, sink);
        return sink.Count;
    }
    async Task<long> Raw()
    {
        var sink = new CountingSink();
        using var response = await raw.GetAsync(storageUrl, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(sink, 81920);
        return sink.Count;
    }

    await Sdk(); await Raw(); // warm-up
    var ratios = new List<double>();
    for (int round = 0; round < rounds; round++)
    {
        var sdkTime = await TimeAsync(Sdk, size);
        var rawTime = await TimeAsync(Raw, size);
        ratios.Add(rawTime.TotalSeconds / sdkTime.TotalSeconds);
    }
    ratios.Sort();
    double peak = await PeakManagedAsync(Sdk);
    // Bytes allocated in the whole process during one download (the in-process stand-in's share is the same for both
    // sides, so the difference is what the SDK adds); streaming means it does not grow with the artifact's size.
    long sdkAllocated = await AllocatedAsync(Sdk), rawAllocated = await AllocatedAsync(Raw);
    Console.WriteLine($"download.throughput_ratio_{label} {ratios[ratios.Count / 2]:F3}");
    Console.WriteLine($"download.sdk_extra_allocated_kb_{label} {(sdkAllocated - rawAllocated) / 1024.0:F1}");
    Console.WriteLine($"download.sdk_peak_managed_mb_{label} {peak / (1024 * 1024):F1}");
}

static async Task<TimeSpan> TimeAsync(Func<Task<long>> download, long expected)
{
    var watch = Stopwatch.StartNew();
    long length = await download();
    watch.Stop();
    if (length != expected) throw new InvalidOperationException($"downloaded {length} of {expected} bytes");
    return watch.Elapsed;
}

static async Task<long> AllocatedAsync(Func<Task<long>> download)
{
    var samples = new List<long>();
    for (int i = 0; i < 5; i++)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await download();
        samples.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
    }
    samples.Sort();
    return samples[samples.Count / 2];
}

// The largest managed heap seen while one download runs, over the heap before it (sampled every 5 ms).
static async Task<double> PeakManagedAsync(Func<Task<long>> download)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    long before = GC.GetTotalMemory(forceFullCollection: true);
    long peak = before;
    using var done = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!done.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(false));
            await Task.Delay(5);
        }
    });
    await download();
    done.Cancel();
    await sampler;
    return Math.Max(0, peak - before);
}

/// <summary>A sink that only counts, so neither side pays for storing what it fetched.</summary>
sealed class CountingSink : Stream
{
    public long Count;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Count;
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Count += count;
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count += buffer.Length;
        return ValueTask.CompletedTask;
    }
}

/// <summary>A readable stream of <c>size</c> bytes of a repeating pattern, so a 1 GB upload needs no 1 GB buffer.</summary>
sealed class PatternStream(long size) : Stream
{
    private long _position;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => size;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = (int)Math.Min(count, size - _position);
        for (int i = 0; i < n; i++) buffer[offset + i] = (byte)((_position + i) * 31 % 251);
        _position += n;
        return n;
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
