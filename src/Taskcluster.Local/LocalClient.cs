using System;
using System.Collections.Generic;

namespace Taskcluster.Local;

/// <summary>A client the stand-in knows: its id, its access token and the scopes it holds.</summary>
public sealed class LocalClient
{
    /// <summary>Creates a client entry.</summary>
    /// <param name="clientId">The client id.</param>
    /// <param name="accessToken">The access token (the Hawk key).</param>
    /// <param name="scopes">The scopes the client holds; a scope ending in <c>*</c> covers every scope it prefixes.</param>
    /// <exception cref="ArgumentException">The id or token is empty.</exception>
    public LocalClient(string clientId, string accessToken, IEnumerable<string> scopes)
    {
        if (string.IsNullOrEmpty(clientId)) throw new ArgumentException("A client id must be given.", nameof(clientId));
        if (string.IsNullOrEmpty(accessToken)) throw new ArgumentException("An access token must be given.", nameof(accessToken));
        ClientId = clientId;
        AccessToken = accessToken;
        Scopes = new List<string>(scopes ?? throw new ArgumentNullException(nameof(scopes))).AsReadOnly();
    }

    /// <summary>The client id.</summary>
    public string ClientId { get; }

    /// <summary>The access token.</summary>
    public string AccessToken { get; }

    /// <summary>The scopes the client holds.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The credentials a Taskcluster.Client client uses to act as this client.</summary>
    public Credentials Credentials => new(ClientId, AccessToken);

    /// <inheritdoc />
    public override string ToString() => $"LocalClient {{ ClientId = {ClientId} }}";
}
