using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster;

/// <summary>
/// Sends one API call: signs it with Hawk, follows redirects without leaking credentials to another origin,
/// and turns error answers and transport failures into <see cref="TaskclusterException"/>.
/// </summary>
internal sealed class HttpPipeline
{
    private const int MaxRedirects = 10;
    private static readonly MediaTypeHeaderValue s_jsonContentType = new("application/json");

    private readonly ResolvedOptions _options;

    public HttpPipeline(ResolvedOptions options) => _options = options;

    /// <summary>Sends the request and returns the successful response's body (empty when there was none).</summary>
    public async Task<byte[]> SendAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
    {
        var origin = uri;
        bool signed = _options.Credentials is not null;
        for (int hop = 0; ; hop++)
        {
            using var request = CreateRequest(method, uri, body, signed);
            HttpResponseMessage response;
            try
            {
                response = await _options.HttpClient
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                throw new TaskclusterException(
                    method.Method, uri.AbsoluteUri, null, null, null, 1, exception.Message, exception);
            }

            using (response)
            {
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location && hop < MaxRedirects)
                {
                    var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    // Credentials are only ever sent to the origin they were meant for.
                    signed = signed && SameOrigin(origin, target);
                    if (response.StatusCode == HttpStatusCode.SeeOther || (method != HttpMethod.Get && method != HttpMethod.Head &&
                        response.StatusCode is HttpStatusCode.Moved or HttpStatusCode.Found))
                    {
                        method = HttpMethod.Get;
                        body = null;
                    }
                    uri = target;
                    continue;
                }

                byte[] content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return content;
                throw CreateFailure(method.Method, uri.AbsoluteUri, response, content);
            }
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? body, bool signed)
    {
        var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = s_jsonContentType;
        }
        request.Headers.Accept.ParseAdd("application/json");
        if (signed)
        {
            var credentials = _options.Credentials!;
            string hash = body is null
                ? Hawk.PayloadHash(string.Empty, ReadOnlySpan<byte>.Empty)
                : Hawk.PayloadHash("application/json", body);
            string header = Hawk.Header(
                credentials, method.Method, uri, _options.UnixSecondsNow(), _options.NonceGenerator(), hash, _options.Ext);
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }
        return request;
    }

    private static bool IsRedirect(HttpStatusCode status)
        => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b)
        => string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;

    private static TaskclusterException CreateFailure(string method, string url, HttpResponseMessage response, byte[] content)
    {
        string body = Encoding.UTF8.GetString(content);
        string? serverMessage = TryReadMessage(content);
        string summary = serverMessage ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "Authentication Error",
            HttpStatusCode.InternalServerError => "Internal Server Error",
            _ => "Unknown Server Error",
        };
        return new TaskclusterException(method, url, response.StatusCode, serverMessage, body, 1, summary);
    }

    private static string? TryReadMessage(byte[] content)
    {
        if (content.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
