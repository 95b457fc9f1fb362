using System;
using System.Net;
using System.Net.Http;
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
    /// <summary>How many redirects one call follows before giving up (a loop would otherwise never end).</summary>
    public const int MaxRedirects = 10;

    private const string JsonMediaType = "application/json";

    private readonly ResolvedOptions _options;

    public HttpPipeline(ResolvedOptions options) => _options = options;

    /// <summary>Sends the request and returns the successful response (its body is empty when there was none).</summary>
    public async Task<HttpResult> SendAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
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
                if (IsRedirect(response.StatusCode))
                {
                    var target = RedirectTarget(method, uri, response, hop);
                    // Credentials only ever go to the origin they were meant for; a redirect elsewhere (a signed
                    // artifact URL on S3, say) is followed anonymously.
                    signed = signed && SameOrigin(origin, target);
                    if (response.StatusCode == HttpStatusCode.SeeOther || (method != HttpMethod.Get && method != HttpMethod.Head &&
                        response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found))
                    {
                        // 303 always means "GET the other resource"; 301/302 after a POST mean the same in practice.
                        method = HttpMethod.Get;
                        body = null;
                    }
                    uri = target;
                    continue;
                }

                byte[] content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return new HttpResult(method, uri, response.StatusCode, response.Content.Headers.ContentType?.MediaType, content);
                }
                throw CreateFailure(method.Method, uri.AbsoluteUri, response.StatusCode, content);
            }
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? body, bool signed)
    {
        var request = new HttpRequestMessage(method, uri);
        string payloadHash = Hawk.EmptyPayloadHash;
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            // Exactly the media type the payload hash covers, with no charset parameter for a server to weigh.
            request.Content.Headers.TryAddWithoutValidation("Content-Type", JsonMediaType);
            if (signed) payloadHash = Hawk.PayloadHash(JsonMediaType, body);
        }
        request.Headers.TryAddWithoutValidation("Accept", JsonMediaType);
        if (signed)
        {
            string header = _options.Signer!.Header(method.Method, uri, _options.UnixSecondsNow(), _options.NonceGenerator(), payloadHash);
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }
        return request;
    }

    private static Uri RedirectTarget(HttpMethod method, Uri uri, HttpResponseMessage response, int hop)
    {
        if (hop >= MaxRedirects)
        {
            throw new TaskclusterException(
                method.Method, uri.AbsoluteUri, response.StatusCode, null, null, 1,
                $"more than {MaxRedirects} redirects; giving up");
        }
        var location = response.Headers.Location;
        if (location is null)
        {
            throw new TaskclusterException(
                method.Method, uri.AbsoluteUri, response.StatusCode, null, null, 1, "a redirect without a Location header");
        }
        var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
        if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
        {
            throw new TaskclusterException(
                method.Method, uri.AbsoluteUri, response.StatusCode, null, null, 1,
                $"a redirect to a non-HTTP location ({target.Scheme})");
        }
        return target;
    }

    private static bool IsRedirect(HttpStatusCode status)
        => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b)
        => string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;

    private static TaskclusterException CreateFailure(string method, string url, HttpStatusCode status, byte[] content)
    {
        string body = Encoding.UTF8.GetString(content);
        string? serverMessage = TryReadMessage(content);
        string summary = serverMessage ?? status switch
        {
            HttpStatusCode.Unauthorized => "Authentication Error",
            HttpStatusCode.InternalServerError => "Internal Server Error",
            _ => "Unknown Server Error",
        };
        return new TaskclusterException(method, url, status, serverMessage, body, 1, summary);
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

/// <summary>A successful answer: where it finally came from, and its body.</summary>
internal readonly record struct HttpResult(HttpMethod Method, Uri Uri, HttpStatusCode StatusCode, string? MediaType, byte[] Body)
{
    /// <summary>Whether the server labelled the body as JSON (<c>application/json</c> or a <c>+json</c> type).</summary>
    public bool IsJson => MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
