using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster;

/// <summary>
/// Copies the body at a storage URL (S3, a CDN, a referenced URL, the object service's download URL) into a stream,
/// through a fixed-size buffer, never whole in memory. Storage URLs carry their own authorization, so requests here
/// are never signed: TaskCluster credentials do not leave the deployment. A transfer that breaks is retried as API
/// calls are (same backoff and limits) and resumed from the byte it reached with a <c>Range</c> request.
/// </summary>
internal static class ContentTransfer
{
    private const int BufferSize = 81920;

    /// <summary>Whether to hash the content as it is written, and with which algorithm.</summary>
    internal sealed record Hashing(HashAlgorithmName Algorithm, string Expected);

    public static async Task<(long Bytes, string? ContentType, int Attempts)> CopyAsync(
        ResolvedOptions options, Uri url, Stream destination, IProgress<long>? progress, IReadOnlyList<Hashing> hashing,
        CancellationToken cancellationToken)
    {
        var retry = options.Retry;
        long start = destination.CanSeek ? destination.Position : 0;
        long written = 0;
        int attempt = 0;
        var hashes = StartHashes(hashing);
        try
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                while (true)
                {
                    attempt++;
                    string? failure;
                    using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        try
                        {
                            idle.CancelAfter(retry.AttemptTimeout);
                            using var response = await SendAsync(options, url, written, idle.Token).ConfigureAwait(false);
                            var status = response.StatusCode;
                            if (status == HttpStatusCode.OK && written > 0)
                            {
                                // The server ignored the Range: start over, if the destination lets us.
                                if (!destination.CanSeek)
                                    throw Failed(url, status, "the transfer broke and the server cannot resume it (no Range support)", attempt);
                                destination.Position = start;
                                destination.SetLength(start);
                                written = 0;
                                foreach (var hash in hashes) hash.Dispose();
                                hashes = StartHashes(hashing);
                            }
                            else if (status != HttpStatusCode.OK && status != HttpStatusCode.PartialContent)
                            {
                                bool transient = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
                                if (!transient || attempt > retry.MaxRetries)
                                    throw Failed(url, status, $"the storage answered {(int)status} {status}", attempt);
                                await Task.Delay(HttpPipeline.Backoff(retry, attempt, response.Headers.RetryAfter?.Delta), cancellationToken).ConfigureAwait(false);
                                continue;
                            }

                            var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
                            await using (body.ConfigureAwait(false))
                            {
                                while (true)
                                {
                                    idle.CancelAfter(retry.AttemptTimeout); // an idle timeout: a slow but moving transfer may take long
                                    int read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), idle.Token).ConfigureAwait(false);
                                    if (read == 0) break;
                                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                                    foreach (var hash in hashes) hash.AppendData(buffer, 0, read);
                                    written += read;
                                    progress?.Report(written);
                                }
                            }
                            if (response.Content.Headers.ContentLength is { } length && status == HttpStatusCode.OK && written != length)
                                throw new IOException($"the body ended after {written} of {length} bytes");
                            for (int i = 0; i < hashing.Count; i++) Verify(url, hashing[i], hashes[i], attempt);
                            return (written, response.Content.Headers.ContentType?.ToString(), attempt);
                        }
                        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                            && exception is HttpRequestException or IOException or OperationCanceledException)
                        {
                            // A broken connection, a body cut short, or a stalled transfer (the idle timeout).
                            failure = exception is OperationCanceledException ? "the transfer stalled" : exception.Message;
                            if (attempt > retry.MaxRetries) throw Failed(url, null, failure, attempt, exception);
                        }
                    }
                    await Task.Delay(HttpPipeline.Backoff(retry, attempt, null), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            foreach (var hash in hashes) hash.Dispose();
        }
    }

    private static IncrementalHash[] StartHashes(IReadOnlyList<Hashing> hashing)
    {
        var hashes = new IncrementalHash[hashing.Count];
        for (int i = 0; i < hashes.Length; i++) hashes[i] = IncrementalHash.CreateHash(hashing[i].Algorithm);
        return hashes;
    }

    /// <summary>GET of <paramref name="url"/> from <paramref name="offset"/>, following redirects, never signed.</summary>
    private static async Task<HttpResponseMessage> SendAsync(ResolvedOptions options, Uri url, long offset, CancellationToken cancellationToken)
    {
        var target = url;
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
            var response = await options.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!HttpPipeline.IsRedirect(response.StatusCode)) return response;
            string? problem = HttpPipeline.NextHop(target, response, hop, out var next);
            response.Dispose();
            if (problem is not null) throw Failed(url, null, problem, 1);
            target = next;
        }
    }

    private static void Verify(Uri url, Hashing hashing, IncrementalHash hash, int attempts)
    {
        string actual = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        if (!string.Equals(actual, hashing.Expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException(
                $"The content downloaded from {Redact(url)} after {attempts} attempt(s) has {hashing.Algorithm} {actual}, but the object service recorded {hashing.Expected}; the download is corrupt and must not be used.");
        }
    }

    private static TaskclusterException Failed(Uri url, HttpStatusCode? status, string summary, int attempts, Exception? inner = null)
        => new("GET", Redact(url), status, null, null, null, attempts, summary, inner);

    /// <summary>
    /// The URL without its query: a storage URL's query often is its authorization (a pre-signed S3 URL's signature),
    /// which must not end up in an exception message or a log.
    /// </summary>
    private static string Redact(Uri url) => url.GetLeftPart(UriPartial.Path) + (string.IsNullOrEmpty(url.Query) ? string.Empty : "?…");
}
