using System;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskcluster.Cli.Configuration;

/// <summary>
/// Where the tool finds the deployment and its credentials: the options on the command line, else TaskCluster's usual
/// environment variables (the same ones every TaskCluster client reads).
/// </summary>
internal sealed class GlobalSettings
{
    public const string RootUrlVariable = "TASKCLUSTER_ROOT_URL";

    // Initialised here rather than in CliJson itself: a static of a partial context can run before the generated
    // Default is set, leaving the resolver null; the JIT build would then quietly fall back to reflection and only
    // the NativeAOT build would fail (it did).
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = CliJson.Default };

    // Recursive: the options may be given anywhere on the line, before or after the command names.
    private readonly Option<string?> _rootUrl = new("--root-url")
    {
        Description = $"The deployment's root URL, for example https://tc.example.com [default: ${RootUrlVariable}]",
        HelpName = "url",
        Recursive = true,
    };

    private readonly Option<string?> _clientId = new("--client-id")
    {
        Description = $"The client id to sign requests with [default: ${Taskcluster.Credentials.ClientIdVariable}]",
        HelpName = "id",
        Recursive = true,
    };

    private readonly Option<string?> _accessToken = new("--access-token")
    {
        // A token on a command line can be seen by other users of the machine (ps); the variable is the safer way.
        Description = $"The access token to sign requests with; prefer the variable, which other users cannot see [default: ${Taskcluster.Credentials.AccessTokenVariable}]",
        HelpName = "token",
        Recursive = true,
    };

    private readonly Option<string?> _certificate = new("--certificate")
    {
        Description = $"The certificate (JSON) of temporary credentials [default: ${Taskcluster.Credentials.CertificateVariable}]",
        HelpName = "json",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(_rootUrl);
        root.Options.Add(_clientId);
        root.Options.Add(_accessToken);
        root.Options.Add(_certificate);
    }

    /// <summary>The credentials, or null for anonymous requests.</summary>
    /// <exception cref="UsageException">Only one of the client id and access token is given, or the certificate is not JSON.</exception>
    public Credentials? ResolveCredentials(ParseResult parsed)
    {
        string? clientId = OptionOrVariable(parsed, _clientId, Taskcluster.Credentials.ClientIdVariable);
        string? accessToken = OptionOrVariable(parsed, _accessToken, Taskcluster.Credentials.AccessTokenVariable);
        string? certificate = OptionOrVariable(parsed, _certificate, Taskcluster.Credentials.CertificateVariable);
        if (clientId is null && accessToken is null)
        {
            if (certificate is not null) throw new UsageException("A certificate was given without a client id and access token.");
            return null;
        }
        // The SDK quietly ignores half a pair; on a command line that is more likely a typo worth saying.
        if (clientId is null) throw new UsageException($"An access token was given without a client id (--client-id or ${Taskcluster.Credentials.ClientIdVariable}).");
        if (accessToken is null) throw new UsageException($"Client id '{clientId}' was given without an access token (${Taskcluster.Credentials.AccessTokenVariable} or --access-token).");
        try
        {
            return new Taskcluster.Credentials(clientId, accessToken, certificate);
        }
        catch (ArgumentException)
        {
            // The SDK's message is about the certificate, but say it in our own words: it must never echo a token.
            throw new UsageException("The certificate is not a temporary-credentials certificate (a JSON object).");
        }
    }

    /// <summary>Options for a client of today's services: the root URL is required.</summary>
    /// <exception cref="UsageException">No root URL, or a bad one; or the credentials are incomplete.</exception>
    public ClientOptions ClientOptions(ParseResult parsed, bool rootUrlRequired = true)
    {
        string? rootUrl = OptionOrVariable(parsed, _rootUrl, RootUrlVariable);
        if (rootUrl is null && rootUrlRequired)
            throw new UsageException($"No TaskCluster deployment given: set {RootUrlVariable} or pass --root-url.");
        if (rootUrl is not null && !(Uri.TryCreate(rootUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            throw new UsageException($"The root URL '{rootUrl}' is not an absolute http(s) URL.");
        return new ClientOptions
        {
            RootUrl = rootUrl,
            Credentials = ResolveCredentials(parsed),
            JsonSerializerOptions = s_json,
        };
    }

    private static string? OptionOrVariable(ParseResult parsed, Option<string?> option, string variable)
    {
        string? value = parsed.GetValue(option);
        if (string.IsNullOrEmpty(value)) value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}

/// <summary>
/// The JSON the tool hands the SDK to serialize: payloads read from stdin are <see cref="JsonElement"/>s. A
/// source-generated resolver makes that work without reflection, so the NativeAOT build serializes them too.
/// </summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class CliJson : JsonSerializerContext
{
}
