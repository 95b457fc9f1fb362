using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Taskcluster.Local;

/// <summary>
/// The stand-in's object storage for <c>s3</c> artifacts, in the role S3 plays for TaskCluster: <c>createArtifact</c>
/// answers a pre-authorized <c>putUrl</c> (an unguessable token, good for a limited time, as a pre-signed S3 URL
/// is), and <c>getArtifact</c> redirects to a URL that serves the uploaded bytes without further credentials.
/// </summary>
internal sealed class ArtifactStore
{
    public const string PathPrefix = "/_artifacts/";

    private readonly ConcurrentDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);

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

    public PutResult Put(string token, byte[] bytes, string contentType, DateTimeOffset now)
    {
        if (!_objects.TryGetValue(token, out var stored)) return PutResult.Unknown;
        if (now > stored.UploadUntil) return PutResult.Expired;
        _objects[token] = stored with { Bytes = bytes, ContentType = contentType };
        return PutResult.Stored;
    }

    public bool TryGet(string token, out byte[] bytes, out string contentType)
    {
        if (_objects.TryGetValue(token, out var stored) && stored.Bytes is { } value)
        {
            bytes = value;
            contentType = stored.ContentType ?? "application/octet-stream";
            return true;
        }
        bytes = Array.Empty<byte>();
        contentType = string.Empty;
        return false;
    }

    public enum PutResult
    {
        Stored,
        Unknown,
        Expired,
    }

    private sealed record StoredObject(DateTimeOffset UploadUntil, byte[]? Bytes, string? ContentType);
}
