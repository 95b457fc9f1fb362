using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.Testing;

// The hand-written downloads are members of IQueue, so the generated fake base needs them too.
public abstract partial class FakeQueueBase
{
    /// <summary>Throws <see cref="NotImplementedException"/>; override it to fake <see cref="Queue.DownloadArtifactAsync(string, string, string, Stream, IProgress{long}, CancellationToken)"/>.</summary>
    public virtual Task<ArtifactDownload> DownloadArtifactAsync(
        string taskId, string runId, string name, Stream destination, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
        => throw new NotImplementedException("FakeQueueBase.DownloadArtifactAsync is not faked; override it.");

    /// <summary>Throws <see cref="NotImplementedException"/>; override it to fake <see cref="Queue.DownloadLatestArtifactAsync(string, string, Stream, IProgress{long}, CancellationToken)"/>.</summary>
    public virtual Task<ArtifactDownload> DownloadLatestArtifactAsync(
        string taskId, string name, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("FakeQueueBase.DownloadLatestArtifactAsync is not faked; override it.");

    /// <summary>Throws <see cref="NotImplementedException"/>; override it to fake <see cref="Queue.DownloadArtifactToFileAsync(string, string, string, string, IProgress{long}, CancellationToken)"/>.</summary>
    public virtual Task<ArtifactDownload> DownloadArtifactToFileAsync(
        string taskId, string? runId, string name, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("FakeQueueBase.DownloadArtifactToFileAsync is not faked; override it.");
}
