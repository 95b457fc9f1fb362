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

    /// <summary>The environment variable read for the certificate of temporary credentials.</summary>
    public const string CertificateVariable = "TASKCLUSTER_CERTIFICATE";

    /// <summary>Creates permanent credentials.</summary>
    /// <param name="clientId">The client id.</param>
    /// <param name="accessToken">The access token (the Hawk key).</param>
    /// <exception cref="ArgumentException">Either value is null or empty.</exception>
    public Credentials(string clientId, string accessToken)
        : this(clientId, accessToken, null)
    {
    }

    /// <summary>Creates credentials, temporary ones when a certificate is given.</summary>
    /// <param name="clientId">The client id.</param>
    /// <param name="accessToken">The access token (the Hawk key).</param>
    /// <param name="certificate">The certificate of temporary credentials (JSON text), or null for permanent ones.</param>
    /// <exception cref="ArgumentException">The id or token is null or empty, or the certificate is not a JSON object.</exception>
    public Credentials(string clientId, string accessToken, string? certificate)
    {
        if (string.IsNullOrEmpty(clientId)) throw new ArgumentException("A client id must be given.", nameof(clientId));
        if (string.IsNullOrEmpty(accessToken)) throw new ArgumentException("An access token must be given.", nameof(accessToken));
        if (certificate is not null)
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(certificate);
                if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                    throw new ArgumentException("A certificate must be a JSON object.", nameof(certificate));
            }
            catch (System.Text.Json.JsonException exception)
            {
                throw new ArgumentException("A certificate must be JSON: " + exception.Message, nameof(certificate), exception);
            }
        }
        ClientId = clientId;
        AccessToken = accessToken;
        Certificate = string.IsNullOrEmpty(certificate) ? null : certificate;
    }

    /// <summary>The client id.</summary>
    public string ClientId { get; }

    /// <summary>The access token (the Hawk key). Keep it secret.</summary>
    public string AccessToken { get; }

    /// <summary>The certificate (JSON) of temporary credentials, sent with every request; null for permanent ones.</summary>
    public string? Certificate { get; }

    /// <summary>
    /// Creates temporary credentials from these permanent ones: they carry a subset of the scopes, expire within
    /// 31 days, and can be handed to a less trusted party without revealing this access token.
    /// </summary>
    /// <param name="options">Scopes, start, expiry and, for named credentials, the new client id.</param>
    /// <returns>The temporary credentials (client id, derived access token, certificate).</returns>
    /// <exception cref="ArgumentException">The options are inconsistent (expiry before start, more than 31 days, empty scopes).</exception>
    /// <exception cref="InvalidOperationException">These credentials are temporary themselves.</exception>
    public Credentials CreateTemporary(TemporaryCredentialsOptions options) => TemporaryCredentialsFactory.Create(this, options);
    /// <summary>
    /// Reads <c>TASKCLUSTER_CLIENT_ID</c>, <c>TASKCLUSTER_ACCESS_TOKEN</c> and, for temporary credentials,
    /// <c>TASKCLUSTER_CERTIFICATE</c>; returns null unless the id and token are both set and non-empty (half a pair is
    /// ignored rather than merged with other credentials).
    /// </summary>
    /// <returns>The credentials from the environment, or null.</returns>
    /// <exception cref="ArgumentException"><c>TASKCLUSTER_CERTIFICATE</c> is set but is not a JSON object.</exception>
    public static Credentials? FromEnvironment()
    {
        string? clientId = Environment.GetEnvironmentVariable(ClientIdVariable);
        string? accessToken = Environment.GetEnvironmentVariable(AccessTokenVariable);
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(accessToken)) return null;
        string? certificate = Environment.GetEnvironmentVariable(CertificateVariable);
        return new Credentials(clientId!, accessToken!, string.IsNullOrEmpty(certificate) ? null : certificate);
    }

    /// <summary>Shows the client id only.</summary>
    /// <returns>A description without the access token.</returns>
    public override string ToString() => Certificate is null
        ? $"Credentials {{ ClientId = {ClientId} }}"
        : $"Credentials {{ ClientId = {ClientId}, Temporary }}";
}
