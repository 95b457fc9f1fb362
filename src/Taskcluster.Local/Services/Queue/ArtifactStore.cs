using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>
/// The stand-in's object storage for <c>s3</c> artifacts, in the role S3 plays for TaskCluster: <c>createArtifact</c>
/// answers a pre-authorized <c>putUrl</c> (an unguessable token, good for a limited time, as a pre-signed S3 URL
/// is), and <c>getArtifact</c> redirects to a URL that serves the uploaded bytes without further credentials.
/// </summary>
/// <remarks>
/// Bytes live in files in a folder of their own (deleted with the stand-in), streamed in and out, so tests can use
/// artifacts of any size without holding them in memory, and downloads may ask for a byte range as S3 allows.
/// </remarks>
internal sealed class ArtifactStore : IDisposable
{
    public const string PathPrefix = "/_artifacts/";

    private readonly ConcurrentDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly string _folder = Directory.CreateTempSubdirectory("taskcluster-local-artifacts-").FullName;

    /// <summary>Reserves a new object that may be uploaded until <paramref name="uploadUntil"/>.</summary>
    public string Reserve(DateTimeOffset uploadUntil)
    {
        string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        _objects[token] = new StoredObject(uploadUntil, null, null);
        return token;
    }

    /// <summary>Lets an object be uploaded (again) until <paramref name="uploadUntil"/>, as a repeated createArtifact refreshes its URL.</summary>
    public void ExtendUpload(string token, DateTimeOffset uploadUntil)
        => _objects.AddOrUpdate(token, _ => new StoredObject(uploadUntil, null, null), (_, stored) => stored with { UploadUntil = uploadUntil });

    /// <summary>Stores the upload's body under <paramref name="token"/>, replacing an earlier one only once it is whole.</summary>
    public async Task<PutResult> PutAsync(string token, Stream body, string contentType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_objects.TryGetValue(token, out var stored)) return PutResult.Unknown;
        if (now > stored.UploadUntil) return PutResult.Expired;
        string path = Path.Combine(_folder, token + "." + Guid.NewGuid().ToString("N"));
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await body.CopyToAsync(file, 81920, cancellationToken).ConfigureAwait(false);
        }
        _objects[token] = stored with { Path = path, ContentType = contentType };
        return PutResult.Stored;
    }

    /// <summary>The stored file of <paramref name="token"/> and its content type, or false when nothing was uploaded.</summary>
    public bool TryGet(string token, out string path, out string contentType)
    {
        if (_objects.TryGetValue(token, out var stored) && stored.Path is { } value)
        {
            path = value;
            contentType = stored.ContentType ?? "application/octet-stream";
            return true;
        }
        path = string.Empty;
        contentType = string.Empty;
        return false;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A download still reading a file; the temporary folder is left for the system to clean.
        }
    }

    public enum PutResult
    {
        Stored,
        Unknown,
        Expired,
    }

    private sealed record StoredObject(DateTimeOffset UploadUntil, string? Path, string? ContentType);
}
