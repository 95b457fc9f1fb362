using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
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
    private AttemptTimeout? _idleTimeout;

    public HttpPipeline(ResolvedOptions options) => _options = options;

    /// <summary>
    /// Sends the request, retrying transient failures, and hands the successful response to <paramref name="read"/>.
    /// </summary>
    /// <remarks>
    /// One async method holds the whole call, attempts and redirects included: each async layer between the caller
    /// and <see cref="HttpClient"/> costs an allocation and a continuation per call, and the reader runs here for the
    /// same reason instead of in a wrapper that awaits this.
    /// </remarks>
    public async Task<TResult> SendAsync<TState, TResult>(
        HttpMethod method, Uri uri, byte[]? body, TState state, Func<HttpResult, TState, TResult> read,
        CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        using var activity = Source.StartActivity("Taskcluster.Call", ActivityKind.Client);
        activity?.SetTag("http.request.method", method.Method);
        activity?.SetTag("url.full", uri.AbsoluteUri);

        for (int attempt = 1; ; attempt++)
        {
            HttpResult? success = null;
            Outcome? failure = null;
            // Each attempt starts again from the request the caller made, whatever redirects the last one met.
            var hopMethod = method;
            var hopUri = uri;
            var hopBody = body;
            var token = StartAttemptTimer(cancellationToken, retry.AttemptTimeout, out var linked, out var watch);
            try
            {
                bool signed = _options.Credentials is not null;
                for (int hop = 0; ; hop++)
                {
                    using var request = CreateRequest(hopMethod, hopUri, hopBody, signed);
                    using var response = await _options.SendAsync(request, token).ConfigureAwait(false);

                    if (IsRedirect(response.StatusCode))
                    {
                        var target = RedirectTarget(hopMethod, hopUri, response, hop);
                        // Credentials only ever go to the origin they were meant for; a redirect elsewhere (a signed
                        // artifact URL on S3, say) is followed anonymously.
                        signed = signed && SameOrigin(uri, target);
                        if (response.StatusCode == HttpStatusCode.SeeOther || (hopMethod != HttpMethod.Get && hopMethod != HttpMethod.Head &&
                            response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found))
                        {
                            // 303 always means "GET the other resource"; 301/302 after a POST mean the same in practice.
                            hopMethod = HttpMethod.Get;
                            hopBody = null;
                        }
                        hopUri = target;
                        continue;
                    }

                    byte[] content = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        success = new HttpResult(hopMethod, hopUri, response.StatusCode, response.Content.Headers, content);
                    }
                    else
                    {
                        failure = Outcome.Failure(hopUri, response, content);
                    }
                    break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException exception)
            {
                failure = Outcome.Transport(hopUri, $"the attempt timed out after {retry.AttemptTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", exception);
            }
            catch (HttpRequestException exception)
            {
                failure = Outcome.Transport(hopUri, exception.Message, exception);
            }
            catch (Exception exception) when (exception is SocketException or IOException)
            {
                // The HTTP stack lets some transport failures out unwrapped: a SocketException when a connection is reset
                // while it is being set up, an HttpIOException when the body breaks off. They are the same kind of
                // failure as an HttpRequestException, so they are retried and reported as one.
                failure = Outcome.Transport(hopUri, exception.Message, new HttpRequestException(exception.Message, exception));
            }
            finally
            {
                EndAttemptTimer(linked, watch);
            }

            if (success is { } result)
            {
                RecordAttempt(activity, attempt, result.StatusCode, null, null);
                activity?.SetTag("taskcluster.attempts", attempt);
                // The reader runs outside the attempt's try: an error in the answer is not a transport failure.
                return read(result, state);
            }

            var outcome = failure!;
            bool retryable = outcome.Transient && attempt <= retry.MaxRetries;
            TimeSpan? delay = retryable ? Backoff(retry, attempt, outcome.RetryAfter) : null;
            RecordAttempt(activity, attempt, outcome.Status, outcome.Summary, delay);
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

    /// <summary>
    /// The token one attempt runs under: the caller's, cut off after <paramref name="timeout"/>. What enforces the
    /// timeout comes back in <paramref name="linked"/> (a caller with a token of its own) or <paramref name="watch"/>
    /// (a caller without); both are null when nothing needs enforcing.
    /// </summary>
    private CancellationToken StartAttemptTimer(
        CancellationToken callerToken, TimeSpan timeout, out CancellationTokenSource? linked, out AttemptTimeout? watch)
    {
        linked = null;
        watch = null;
        if (timeout == Timeout.InfiniteTimeSpan) return callerToken;
        if (callerToken.CanBeCanceled)
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
            linked.CancelAfter(timeout);
            return linked.Token;
        }
        // Most calls pass no token of their own: one reusable timeout serves them one after another. Concurrent
        // attempts that find the slot empty make their own.
        watch = Interlocked.Exchange(ref _idleTimeout, null) ?? new AttemptTimeout();
        return watch.Start(timeout);
    }

    private void EndAttemptTimer(CancellationTokenSource? linked, AttemptTimeout? watch)
    {
        linked?.Dispose();
        if (watch is null) return;
        // A watch that cancelled is spent; one that did not goes back to the slot, unless another got there first.
        if (watch.Stop() && Interlocked.CompareExchange(ref _idleTimeout, watch, null) is null) return;
        watch.Dispose();
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
            string header = _options.Signer!.Header(method.Method, uri, _options.UnixSecondsNow(), _options.NonceGenerator?.Invoke(), payloadHash);
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }
        return request;
    }

    private static Uri RedirectTarget(HttpMethod method, Uri uri, HttpResponseMessage response, int hop)
    {
        string? problem = NextHop(uri, response, hop, out var target);
        if (problem is not null)
            throw new TaskclusterException(method.Method, uri.AbsoluteUri, response.StatusCode, null, null, null, 1, problem);
        return target;
    }

    /// <summary>
    /// Where a redirect from <paramref name="uri"/> leads, or why it is not followed (too many hops, no Location, a
    /// non-HTTP target). The one set of redirect rules for API calls and for the storage downloads in
    /// <see cref="ContentTransfer"/>, which report a refusal in their own words.
    /// </summary>
    internal static string? NextHop(Uri uri, HttpResponseMessage response, int hop, out Uri target)
    {
        target = uri;
        if (hop >= MaxRedirects) return $"more than {MaxRedirects} redirects; giving up";
        var location = response.Headers.Location;
        if (location is null) return "a redirect without a Location header";
        target = location.IsAbsoluteUri ? location : new Uri(uri, location);
        if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
            return $"a redirect to a non-HTTP location ({target.Scheme})";
        return null;
    }

    internal static bool IsRedirect(HttpStatusCode status)
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

    private static void RecordAttempt(Activity? activity, int attempt, HttpStatusCode? status, string? error, TimeSpan? delay)
    {
        if (activity is null) return;
        var tags = new ActivityTagsCollection
        {
            ["attempt"] = attempt,
            ["http.response.status_code"] = status is { } code ? (int)code : null,
            ["error"] = error,
            ["retry.delay_ms"] = delay?.TotalMilliseconds,
        };
        activity.AddEvent(new ActivityEvent("attempt", tags: tags));
    }

    /// <summary>What went wrong in one attempt, and whether trying again may help.</summary>
    private sealed class Outcome
    {
        public Uri? Uri { get; private init; }
        public HttpStatusCode? Status { get; private init; }
        public string? Body { get; private init; }
        public string? ServerMessage { get; private init; }
        public string? ErrorCode { get; private init; }
        public string Summary { get; private init; } = string.Empty;
        public Exception? Error { get; private init; }
        public TimeSpan? RetryAfter { get; private init; }
        public bool Transient { get; private init; }

        public static Outcome Transport(Uri uri, string summary, Exception error)
            => new() { Uri = uri, Summary = summary, Error = error, Transient = true };

        public static Outcome Failure(Uri uri, HttpResponseMessage response, byte[] content)
        {
            var (serverMessage, errorCode) = TryReadMessage(content);
            int status = (int)response.StatusCode;
            return new Outcome
            {
                Uri = uri,
                Status = response.StatusCode,
                Body = Encoding.UTF8.GetString(content),
                ServerMessage = serverMessage,
                ErrorCode = errorCode,
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
            return new TaskclusterException(method, Uri!.AbsoluteUri, Status, ErrorCode, ServerMessage, Body, attempts, summary, Error);
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

        /// <summary>The <c>message</c> and <c>code</c> of a TaskCluster error answer, where it has them.</summary>
        private static (string? Message, string? Code) TryReadMessage(byte[] content)
        {
            if (content.Length == 0) return (null, null);
            try
            {
                using var document = JsonDocument.Parse(content);
                if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
                return (StringProperty(document.RootElement, "message"), StringProperty(document.RootElement, "code"));
            }
            catch (JsonException)
            {
                return (null, null);
            }
        }

        private static string? StringProperty(JsonElement element, string name)
            => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}

/// <summary>A successful answer: where it finally came from, and its body.</summary>
/// <remarks>The content headers are kept whole and read only if asked: most answers never need their media type parsed.</remarks>
internal readonly record struct HttpResult(HttpMethod Method, Uri Uri, HttpStatusCode StatusCode, HttpContentHeaders ContentHeaders, byte[] Body)
{
    /// <summary>Whether the server labelled the body as JSON (<c>application/json</c> or a <c>+json</c> type).</summary>
    public bool IsJson => ContentHeaders.ContentType?.MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
