using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.References;

/// <summary>Fetches a reference from an http(s) URL or a local file and checks that it really is one.</summary>
public static class ReferenceSource
{
    /// <summary>Whether <paramref name="source"/> is fetched over HTTP rather than read from disk.</summary>
    /// <param name="source">A URL or a file path.</param>
    /// <returns>True for an absolute http or https URL.</returns>
    public static bool IsHttp(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Fetches and validates a reference.</summary>
    /// <param name="source">An http(s) URL, a <c>file:</c> URL, or a file path.</param>
    /// <param name="baseFolder">The folder a relative file path is resolved against.</param>
    /// <param name="http">The client for URLs.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The reference JSON, keys in the publisher's order.</returns>
    /// <exception cref="ToolException">The source is unreachable, or what it serves is not a reference.</exception>
    public static async Task<JsonElement> FetchAsync(
        string source, string baseFolder, HttpClient http, CancellationToken cancellationToken = default)
    {
        byte[] bytes = IsHttp(source)
            ? await DownloadAsync(source, http, cancellationToken).ConfigureAwait(false)
            : await ReadFileAsync(source, baseFolder, cancellationToken).ConfigureAwait(false);
        return Validate(source, bytes);
    }

    internal static async Task<byte[]> DownloadAsync(string url, HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ToolException(ExitCodes.SourceUnavailable,
                    $"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(url, exception);
        }
        catch (IOException exception)
        {
            // The connection broke while the body was read (HttpIOException is an IOException, not an HttpRequestException).
            throw Unreachable(url, exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ToolException(ExitCodes.SourceUnavailable,
                $"cannot reach {url}: no answer within {http.Timeout.TotalSeconds:0} seconds.", exception);
        }
    }

    /// <summary>Whether a fetch failed below HTTP (reset, refused, cut short), so that trying again may succeed.</summary>
    /// <param name="failure">The failure <see cref="DownloadAsync"/> threw.</param>
    /// <returns>True for a network failure; false for an HTTP status, a timeout, or anything else.</returns>
    internal static bool IsNetworkFailure(ToolException failure) => failure.InnerException is HttpRequestException or IOException;

    private static ToolException Unreachable(string url, Exception exception)
    {
        // HttpClient's own message is generic ("An error occurred while sending the request"); the cause is inside.
        string cause = exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;
        return new ToolException(ExitCodes.SourceUnavailable, $"cannot reach {url}: {cause}", exception);
    }

    private static async Task<byte[]> ReadFileAsync(string source, string baseFolder, CancellationToken cancellationToken)
    {
        string path = Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.IsFile
            ? uri.LocalPath
            : Path.GetFullPath(source, baseFolder);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(ExitCodes.SourceUnavailable, $"cannot read {path}: {exception.Message}", exception);
        }
    }

    private static JsonElement Validate(string source, byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = JsonDocument.Parse(stream);
            ReferenceCheck.Validate(document.RootElement);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new ToolException(ExitCodes.NotAReference,
                $"{source} is not a reference: it is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).",
                exception);
        }
        catch (ReferenceFormatException exception)
        {
            throw new ToolException(ExitCodes.NotAReference, $"{source} is not a valid reference. {exception.Message}", exception);
        }
    }
}
