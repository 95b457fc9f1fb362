using System;
using System.Net;

namespace Taskcluster;

/// <summary>
/// A TaskCluster call that failed: the server answered with an error status, or the request never got an answer.
/// Carries what is needed to understand the failure, and never the access token.
/// </summary>
public sealed class TaskclusterException : Exception
{
    internal TaskclusterException(
        string method, string url, HttpStatusCode? statusCode, string? serverMessage, string? body, int attempts,
        string summary, Exception? innerException = null)
        : base(Describe(method, url, statusCode, summary), innerException)
    {
        Method = method;
        Url = url;
        StatusCode = statusCode;
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

    /// <summary>The raw response body, or null when no answer arrived.</summary>
    public string? Body { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }

    private static string Describe(string method, string url, HttpStatusCode? statusCode, string summary)
        => statusCode is { } status
            ? $"{method} {url} failed with {(int)status} {status}: {summary}"
            : $"{method} {url} failed: {summary}";
}
