namespace Taskcluster;

/// <summary>What a finished artifact download fetched.</summary>
/// <param name="StorageType">How the queue stored the artifact: <c>s3</c>, <c>reference</c> or <c>object</c>.</param>
/// <param name="Bytes">How many bytes were written to the destination.</param>
/// <param name="ContentType">The content type the storage answered with, if any.</param>
/// <param name="Attempts">How many requests the content took (more than one when a broken transfer was resumed).</param>
public sealed record ArtifactDownload(string StorageType, long Bytes, string? ContentType, int Attempts);
