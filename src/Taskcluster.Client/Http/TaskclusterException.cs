using System;
using System.Net;

namespace Taskcluster;

/// <summary>
/// A TaskCluster call that failed: the server answered with an error status, or the request never got an answer.
/// Carries what is needed to understand the failure, and never the access token.
/// </summary>
public sealed class TaskclusterException : Exception
{
    /// <summary>
    /// Creates the exception a call would throw for an error answer: for fakes of the clients in your own tests
    /// (the SDK itself also fills <see cref="Body"/> and <see cref="Attempts"/>).
    /// </summary>
    /// <param name="method">The HTTP method, for example <c>PUT</c>.</param>
    /// <param name="url">The request URL (never one that carries credentials).</param>
    /// <param name="statusCode">The answer's status, or null for a transport failure.</param>
    /// <param name="errorCode">TaskCluster's error code from the answer, for example <c>RequestConflict</c>.</param>
    /// <param name="serverMessage">The answer's message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> or <paramref name="url"/> is null.</exception>
    public TaskclusterException(string method, string url, HttpStatusCode? statusCode, string? errorCode, string? serverMessage)
        : this(method ?? throw new ArgumentNullException(nameof(method)), url ?? throw new ArgumentNullException(nameof(url)),
            statusCode, errorCode, serverMessage, null, 1, serverMessage ?? errorCode ?? "the call failed")
    {
    }

    internal TaskclusterException(
        string method, string url, HttpStatusCode? statusCode, string? errorCode, string? serverMessage, string? body, int attempts,
        string summary, Exception? innerException = null)
        : base(Describe(method, url, statusCode, summary), innerException)
    {
        Method = method;
        Url = url;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ServerMessage = serverMessage;
        Body = body;
        Attempts = attempts;
    }

    /// <summary>The HTTP method of the failed request.</summary>
    public string Method { get; }

    /// <summary>The URL of the failed request.</summary>
    public string Url { get; }

    /// <summary>The status the server answered with, or null when no answer arrived (a transport failure).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>message</c> field of the server's JSON error body, when it had one.</summary>
    public string? ServerMessage { get; }

    /// <summary>
    /// TaskCluster's error code from the answer's <c>code</c> field (for example <c>ResourceNotFound</c>,
    /// <c>RequestConflict</c>, <c>InsufficientScopes</c>), or null when the answer had none.
    /// </summary>
    public string? ErrorCode { get; }

    /// <summary>The raw response body, or null when no answer arrived.</summary>
    public string? Body { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }

    private static string Describe(string method, string url, HttpStatusCode? statusCode, string summary)
        => statusCode is { } status
            ? $"{method} {url} failed with {(int)status} {status}: {summary}"
            : $"{method} {url} failed: {summary}";
}
