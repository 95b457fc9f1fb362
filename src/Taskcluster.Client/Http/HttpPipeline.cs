using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster;

/// <summary>
/// Sends one API call: retries transient failures with backoff (outside), signs every attempt afresh with Hawk
/// (inside), bounds each attempt by its own timeout, follows redirects without leaking credentials to another
/// origin, and turns error answers and transport failures into <see cref="TaskclusterException"/>.
/// </summary>
internal sealed class HttpPipeline
{
    /// <summary>
    /// The source of the SDK's activities: one <c>Taskcluster.Call</c> activity per call, with an <c>attempt</c> event
    /// per attempt (number, status or error, delay before the next). Listen with an <see cref="ActivityListener"/>
    /// or OpenTelemetry to see retries happen. No credentials are ever recorded.
    /// </summary>
    public static readonly ActivitySource Source = new(TaskclusterDiagnostics.ActivitySourceName);

    /// <summary>How many redirects one call follows before giving up (a loop would otherwise never end).</summary>
    public const int MaxRedirects = 10;

    private const string JsonMediaType = "application/json";

    private readonly ResolvedOptions _options;

    public HttpPipeline(ResolvedOptions options) => _options = options;

    /// <summary>Sends the request, retrying transient failures, and returns the successful response.</summary>
    public async Task<HttpResult> SendAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        using var activity = Source.StartActivity("Taskcluster.Call", ActivityKind.Client);
        activity?.SetTag("http.request.method", method.Method);
        activity?.SetTag("url.full", uri.AbsoluteUri);

        for (int attempt = 1; ; attempt++)
        {
            var outcome = await AttemptAsync(method, uri, body, retry.AttemptTimeout, cancellationToken).ConfigureAwait(false);
            if (outcome.Result is { } result)
            {
                RecordAttempt(activity, attempt, outcome, null);
                activity?.SetTag("taskcluster.attempts", attempt);
                return result;
            }

            bool retryable = outcome.Transient && attempt <= retry.MaxRetries;
            TimeSpan? delay = retryable ? Backoff(retry, attempt, outcome.RetryAfter) : null;
            RecordAttempt(activity, attempt, outcome, delay);
            if (delay is not { } wait)
            {
                activity?.SetTag("taskcluster.attempts", attempt);
                activity?.SetStatus(ActivityStatusCode.Error);
                throw outcome.ToException(method.Method, attempt);
            }
            // The caller's cancellation during the wait ends the call at once, as OperationCanceledException.
            await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Outcome> AttemptAsync(HttpMethod method, Uri uri, byte[]? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan) attemptCancellation.CancelAfter(timeout);
        var token = attemptCancellation.Token;
        var origin = uri;
        bool signed = _options.Credentials is not null;
        try
        {
            for (int hop = 0; ; hop++)
            {
                using var request = CreateRequest(method, uri, body, signed);
                using var response = await _options.HttpClient
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token)
                    .ConfigureAwait(false);

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

                byte[] content = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return Outcome.Success(new HttpResult(method, uri, response.StatusCode, response.Content.Headers.ContentType?.MediaType, content));
                }
                return Outcome.Failure(uri, response, content);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException exception)
        {
            return Outcome.Transport(uri, $"the attempt timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", exception);
        }
        catch (HttpRequestException exception)
        {
            return Outcome.Transport(uri, exception.Message, exception);
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
            // Signed per attempt and per hop: every request carries a fresh timestamp and nonce.
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

    /// <summary>base × 2^(attempt-1), capped, ±jitter; a server's longer <c>Retry-After</c> wins.</summary>
    internal static TimeSpan Backoff(RetryOptions retry, int attempt, TimeSpan? retryAfter)
    {
        double exponential = retry.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        double capped = Math.Min(exponential, retry.MaxDelay.TotalMilliseconds);
        double factor = 1 + retry.Jitter * (2 * (RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue) - 1);
        var delay = TimeSpan.FromMilliseconds(capped * factor);
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }

    private static void RecordAttempt(Activity? activity, int attempt, Outcome outcome, TimeSpan? delay)
    {
        if (activity is null) return;
        var tags = new ActivityTagsCollection
        {
            ["attempt"] = attempt,
            ["http.response.status_code"] = outcome.Status is { } status ? (int)status : null,
            ["error"] = outcome.Result is null ? outcome.Summary : null,
            ["retry.delay_ms"] = delay?.TotalMilliseconds,
        };
        activity.AddEvent(new ActivityEvent("attempt", tags: tags));
    }

    /// <summary>What one attempt came to: a body, or what went wrong and whether trying again may help.</summary>
    private sealed class Outcome
    {
        public HttpResult? Result { get; private init; }
        public Uri? Uri { get; private init; }
        public HttpStatusCode? Status { get; private init; }
        public string? Body { get; private init; }
        public string? ServerMessage { get; private init; }
        public string Summary { get; private init; } = string.Empty;
        public Exception? Error { get; private init; }
        public TimeSpan? RetryAfter { get; private init; }
        public bool Transient { get; private init; }

        public static Outcome Success(HttpResult result) => new() { Result = result };

        public static Outcome Transport(Uri uri, string summary, Exception error)
            => new() { Uri = uri, Summary = summary, Error = error, Transient = true };

        public static Outcome Failure(Uri uri, HttpResponseMessage response, byte[] content)
        {
            string? serverMessage = TryReadMessage(content);
            int status = (int)response.StatusCode;
            return new Outcome
            {
                Uri = uri,
                Status = response.StatusCode,
                Body = Encoding.UTF8.GetString(content),
                ServerMessage = serverMessage,
                Summary = serverMessage ?? response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => "Authentication Error",
                    HttpStatusCode.InternalServerError => "Internal Server Error",
                    _ => "Unknown Server Error",
                },
                // Server errors and throttling may pass; other client errors will not change by asking again.
                Transient = status >= 500 || status == 429,
                RetryAfter = RetryAfterOf(response),
            };
        }

        public TaskclusterException ToException(string method, int attempts)
        {
            string summary = attempts > 1 ? $"{Summary} (after {attempts} attempts)" : Summary;
            return new TaskclusterException(method, Uri!.AbsoluteUri, Status, ServerMessage, Body, attempts, summary, Error);
        }

        private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is { } delta) return delta;
            if (header?.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
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
}

/// <summary>A successful answer: where it finally came from, and its body.</summary>
internal readonly record struct HttpResult(HttpMethod Method, Uri Uri, HttpStatusCode StatusCode, string? MediaType, byte[] Body)
{
    /// <summary>Whether the server labelled the body as JSON (<c>application/json</c> or a <c>+json</c> type).</summary>
    public bool IsJson => MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
