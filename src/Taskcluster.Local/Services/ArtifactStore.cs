using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Taskcluster.Local;

/// <summary>
/// Artifact bytes, stored and served under unguessable tokens, the way TaskCluster hands out pre-signed storage URLs:
/// <c>createArtifact</c> answers a <c>putUrl</c>, <c>getArtifact</c> redirects to a URL that serves the bytes.
/// </summary>
internal sealed class ArtifactStore
{
    public const string PathPrefix = "/_artifacts/";

    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType)?> _objects = new(StringComparer.Ordinal);

    public string NewToken()
    {
        string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        _objects[token] = null;
        return token;
    }

    public bool Put(string token, byte[] bytes, string contentType)
    {
        if (!_objects.ContainsKey(token)) return false;
        _objects[token] = (bytes, contentType);
        return true;
    }

    public bool TryGet(string token, out byte[] bytes, out string contentType)
    {
        if (_objects.TryGetValue(token, out var stored) && stored is { } value)
        {
            bytes = value.Bytes;
            contentType = value.ContentType;
            return true;
        }
        bytes = Array.Empty<byte>();
        contentType = string.Empty;
        return false;
    }
}
