using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster.Models.Object;
using Taskcluster.Models.Queue;

namespace Taskcluster;

// The downloads join the generated IQueue, so code that downloads through the interface can be tested with a fake.
public partial interface IQueue
{
    /// <inheritdoc cref="Queue.DownloadArtifactAsync(string, string, string, Stream, IProgress{long}, CancellationToken)"/>
    Task<ArtifactDownload> DownloadArtifactAsync(
        string taskId, string runId, string name, Stream destination, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default);

    /// <inheritdoc cref="Queue.DownloadLatestArtifactAsync(string, string, Stream, IProgress{long}, CancellationToken)"/>
    Task<ArtifactDownload> DownloadLatestArtifactAsync(
        string taskId, string name, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="Queue.DownloadArtifactToFileAsync(string, string, string, string, IProgress{long}, CancellationToken)"/>
    Task<ArtifactDownload> DownloadArtifactToFileAsync(
        string taskId, string? runId, string name, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default);
}

// Hand-written members of the generated Queue client: artifact downloads, which take more than one call.
public sealed partial class Queue
{
    /// <summary>
    /// Downloads an artifact of a run into <paramref name="destination"/>, streamed (never whole in memory), the way
    /// TaskCluster's own clients do: the queue's <c>artifact</c> end-point says where the content is, then
    /// <c>s3</c> and <c>reference</c> artifacts are fetched with a plain GET of their URL (no TaskCluster credentials
    /// are sent there), <c>object</c> artifacts through the object service (<c>startDownload</c>, <c>getUrl</c>) with
    /// their hashes verified, and an <c>error</c> artifact throws <see cref="ArtifactErrorException"/>. A transfer that
    /// breaks is retried under the client's <see cref="RetryOptions"/> and resumed with a <c>Range</c> request where the
    /// storage allows it.
    /// </summary>
    /// <param name="taskId">The task.</param>
    /// <param name="runId">The run, for example <c>0</c>.</param>
    /// <param name="name">The artifact's name, for example <c>public/logs/live.log</c>.</param>
    /// <param name="destination">Where the content is written, from its current position.</param>
    /// <param name="progress">Told the number of bytes written so far as the transfer goes; may be null.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>How the artifact was stored and how much was written.</returns>
    /// <exception cref="ArgumentException">An argument is null or the destination is not writable.</exception>
    /// <exception cref="ArtifactErrorException">The artifact is an error artifact.</exception>
    /// <exception cref="TaskclusterException">A call failed, or the storage could not be read after the retries.</exception>
    /// <exception cref="InvalidDataException">An object artifact's content does not match its recorded hashes.</exception>
    public Task<ArtifactDownload> DownloadArtifactAsync(
        string taskId, string runId, string name, Stream destination, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        CheckDestination(destination);
        var content = ArtifactAsync(taskId, runId, name, cancellationToken);
        return FetchAsync(content, name, destination, progress, cancellationToken);
    }

    /// <summary>
    /// Downloads an artifact of the task's latest run into <paramref name="destination"/>; otherwise as
    /// <see cref="DownloadArtifactAsync(string, string, string, Stream, IProgress{long}, CancellationToken)"/>.
    /// </summary>
    /// <param name="taskId">The task.</param>
    /// <param name="name">The artifact's name.</param>
    /// <param name="destination">Where the content is written, from its current position.</param>
    /// <param name="progress">Told the number of bytes written so far; may be null.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>How the artifact was stored and how much was written.</returns>
    /// <exception cref="ArgumentException">An argument is null or the destination is not writable.</exception>
    /// <exception cref="ArtifactErrorException">The artifact is an error artifact.</exception>
    /// <exception cref="TaskclusterException">A call failed, or the storage could not be read after the retries.</exception>
    /// <exception cref="InvalidDataException">An object artifact's content does not match its recorded hashes.</exception>
    public Task<ArtifactDownload> DownloadLatestArtifactAsync(
        string taskId, string name, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckDestination(destination);
        var content = LatestArtifactAsync(taskId, name, cancellationToken);
        return FetchAsync(content, name, destination, progress, cancellationToken);
    }

    /// <summary>
    /// Downloads an artifact of a run to a file: written to a temporary file beside <paramref name="path"/> and moved
    /// into place only when complete (and verified), so a failed download never leaves a partial file behind.
    /// </summary>
    /// <param name="taskId">The task.</param>
    /// <param name="runId">The run, or null for the latest run.</param>
    /// <param name="name">The artifact's name.</param>
    /// <param name="path">The file to write; replaced if it exists.</param>
    /// <param name="progress">Told the number of bytes written so far; may be null.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>How the artifact was stored and how much was written.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    /// <exception cref="ArtifactErrorException">The artifact is an error artifact.</exception>
    /// <exception cref="TaskclusterException">A call failed, or the storage could not be read after the retries.</exception>
    /// <exception cref="InvalidDataException">An object artifact's content does not match its recorded hashes.</exception>
    public async Task<ArtifactDownload> DownloadArtifactToFileAsync(
        string taskId, string? runId, string name, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
        string full = Path.GetFullPath(path);
        string partial = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".partial");
        try
        {
            ArtifactDownload download;
            var file = new FileStream(partial, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                download = runId is null
                    ? await DownloadLatestArtifactAsync(taskId, name, file, progress, cancellationToken).ConfigureAwait(false)
                    : await DownloadArtifactAsync(taskId, runId, name, file, progress, cancellationToken).ConfigureAwait(false);
            }
            File.Move(partial, full, overwrite: true);
            return download;
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    private static void CheckDestination(Stream destination)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        if (!destination.CanWrite) throw new ArgumentException("The destination stream is not writable.", nameof(destination));
    }

    private async Task<ArtifactDownload> FetchAsync(
        Task<ArtifactContentResponse> contentCall, string name, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var content = await contentCall.ConfigureAwait(false);
        switch (content)
        {
            case ArtifactContentResponseS3 { Url: var s3 }:
                return await CopyAsync(content.StorageType, s3, name, destination, progress, Array.Empty<ContentTransfer.Hashing>(), cancellationToken).ConfigureAwait(false);
            case ArtifactContentResponseReference { Url: var reference }:
                return await CopyAsync(content.StorageType, reference, name, destination, progress, Array.Empty<ContentTransfer.Hashing>(), cancellationToken).ConfigureAwait(false);
            case ArtifactContentResponseObject stored:
                return await FetchObjectAsync(stored, name, destination, progress, cancellationToken).ConfigureAwait(false);
            case ArtifactContentResponseError error:
                throw new ArtifactErrorException(name, error.Reason, error.Message);
            default:
                throw new NotSupportedException(
                    $"Artifact '{name}' has storage type '{content.StorageType}', which this version of Taskcluster.Client cannot download.");
        }
    }

    /// <summary>An object artifact: the object service names a URL and the hashes the content must have.</summary>
    private async Task<ArtifactDownload> FetchObjectAsync(
        ArtifactContentResponseObject content, string name, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        string rootUrl = Options.DeploymentRootUrl ?? throw new InvalidOperationException(
            $"Artifact '{name}' is stored in the object service, which is found through the deployment's root URL; this Queue was made with a BaseUrl instead. Give it a RootUrl.");

        var objects = new ObjectService(new ClientOptions
        {
            RootUrl = rootUrl,
            Credentials = new Credentials(content.Credentials.ClientId, content.Credentials.AccessToken, content.Credentials.Certificate),
            HttpClient = Options.Given?.HttpClient,
            Retry = Options.Retry,
            TimeProvider = Options.TimeProvider,
        });
        var request = new DownloadObjectRequest { AcceptDownloadMethods = new DownloadObjectRequestAcceptDownloadMethods { GetUrl = true } };
        var method = await objects.StartDownloadAsync(content.Name, request, cancellationToken).ConfigureAwait(false);
        if (method is not DownloadObjectResponseGetUrl getUrl)
            throw Malformed(name, $"the object service chose download method '{method.Method}', not getUrl");

        var hashing = new List<ContentTransfer.Hashing>();
        if (getUrl.Hashes.Sha256 is { } sha256) hashing.Add(new ContentTransfer.Hashing(HashAlgorithmName.SHA256, sha256));
        if (getUrl.Hashes.Sha512 is { } sha512) hashing.Add(new ContentTransfer.Hashing(HashAlgorithmName.SHA512, sha512));
        // The object service's rule: a download is only trusted when at least one current hash was checked.
        if (hashing.Count == 0) throw Malformed(name, "the object service gave no sha256 or sha512 hash to verify the content with");
        return await CopyAsync("object", getUrl.Url, name, destination, progress, hashing, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ArtifactDownload> CopyAsync(
        string storageType, string url, string name, Stream destination, IProgress<long>? progress,
        IReadOnlyList<ContentTransfer.Hashing> hashing, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw Malformed(name, "no http(s) URL to fetch the content from");
        var (bytes, type, attempts) = await ContentTransfer.CopyAsync(Options, uri, destination, progress, hashing, cancellationToken).ConfigureAwait(false);
        return new ArtifactDownload(storageType, bytes, type, attempts);
    }

    private static InvalidDataException Malformed(string name, string problem)
        => new($"Cannot download artifact '{name}': {problem}.");
}
