using System;

namespace Taskcluster;

/// <summary>
/// A TaskCluster client id and access token. The access token never appears in <see cref="ToString"/>, in
/// exception messages or in logs.
/// </summary>
public sealed class Credentials
{
    /// <summary>The environment variable read for the client id.</summary>
    public const string ClientIdVariable = "TASKCLUSTER_CLIENT_ID";

    /// <summary>The environment variable read for the access token.</summary>
    public const string AccessTokenVariable = "TASKCLUSTER_ACCESS_TOKEN";

    /// <summary>Creates credentials.</summary>
    /// <param name="clientId">The client id.</param>
    /// <param name="accessToken">The access token (the Hawk key).</param>
    /// <exception cref="ArgumentException">Either value is null or empty.</exception>
    public Credentials(string clientId, string accessToken)
    {
        if (string.IsNullOrEmpty(clientId)) throw new ArgumentException("A client id must be given.", nameof(clientId));
        if (string.IsNullOrEmpty(accessToken)) throw new ArgumentException("An access token must be given.", nameof(accessToken));
        ClientId = clientId;
        AccessToken = accessToken;
    }

    /// <summary>The client id.</summary>
    public string ClientId { get; }

    /// <summary>The access token (the Hawk key). Keep it secret.</summary>
    public string AccessToken { get; }

    /// <summary>
    /// Reads <c>TASKCLUSTER_CLIENT_ID</c> and <c>TASKCLUSTER_ACCESS_TOKEN</c>; returns null unless both are set and
    /// non-empty (half a pair is ignored rather than merged with other credentials).
    /// </summary>
    /// <returns>The credentials from the environment, or null.</returns>
    public static Credentials? FromEnvironment()
    {
        string? clientId = Environment.GetEnvironmentVariable(ClientIdVariable);
        string? accessToken = Environment.GetEnvironmentVariable(AccessTokenVariable);
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(accessToken)) return null;
        return new Credentials(clientId!, accessToken!);
    }

    /// <summary>Shows the client id only.</summary>
    /// <returns>A description without the access token.</returns>
    public override string ToString() => $"Credentials {{ ClientId = {ClientId} }}";
}
