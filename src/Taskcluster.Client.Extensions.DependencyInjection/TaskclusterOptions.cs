using System;
using System.Collections.Generic;

namespace Taskcluster.Extensions.DependencyInjection;

/// <summary>
/// The settings <c>AddTaskcluster</c> builds every client's <see cref="ClientOptions"/> from; bindable from
/// configuration (<c>"Taskcluster": { "RootUrl": "...", "ClientId": "...", "AccessToken": "..." }</c>).
/// Unset values fall back as for any client: <see cref="ClientDefaults"/>, then the <c>TASKCLUSTER_*</c> variables.
/// </summary>
public sealed class TaskclusterOptions
{
    /// <summary>The configuration section <c>AddTaskcluster(configuration)</c> reads when given the root configuration.</summary>
    public const string SectionName = "Taskcluster";

    /// <summary>The deployment's root URL, for example <c>https://tc.example.com</c>.</summary>
    public string? RootUrl { get; set; }

    /// <summary>The client id to sign requests with; set together with <see cref="AccessToken"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The access token; never logged.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The certificate of temporary credentials, if these are temporary.</summary>
    public string? Certificate { get; set; }

    /// <summary>Restricts requests to these scopes; null for no restriction.</summary>
    public IList<string>? AuthorizedScopes { get; set; }

    /// <summary>How transient failures are retried; null for <see cref="RetryOptions.Default"/>.</summary>
    public RetryOptions? Retry { get; set; }

    /// <summary>The base URL of the legacy Scheduler, which is not addressed by root URL; null for its default.</summary>
    public string? SchedulerBaseUrl { get; set; }

    /// <summary>The credentials these settings name, or null when none are set.</summary>
    /// <exception cref="InvalidOperationException">Only one of <see cref="ClientId"/> and <see cref="AccessToken"/> is set.</exception>
    public Credentials? CreateCredentials()
    {
        bool hasId = !string.IsNullOrEmpty(ClientId);
        bool hasToken = !string.IsNullOrEmpty(AccessToken);
        if (hasId != hasToken)
        {
            throw new InvalidOperationException(
                $"Taskcluster options set {(hasId ? "ClientId" : "AccessToken")} without {(hasId ? "AccessToken" : "ClientId")}; set both or neither.");
        }
        return hasId ? new Credentials(ClientId!, AccessToken!, string.IsNullOrEmpty(Certificate) ? null : Certificate) : null;
    }
}
