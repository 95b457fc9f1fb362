using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Taskcluster;

/// <summary>
/// Options for <see cref="Credentials.CreateTemporary(TemporaryCredentialsOptions)"/>: what the temporary credentials
/// may do and for how long.
/// </summary>
public sealed record TemporaryCredentialsOptions
{
    /// <summary>The scopes the temporary credentials carry; must be a subset of the issuer's.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = Array.Empty<string>();

    /// <summary>When they become valid. Defaults to now.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>When they stop being valid; at most 31 days after <see cref="Start"/>.</summary>
    public DateTimeOffset Expiry { get; init; }

    /// <summary>
    /// A client id for named temporary credentials (the issuer's client id is recorded in the certificate as the
    /// <c>issuer</c>, and the issuer needs <c>auth:create-client:&lt;name&gt;</c>); null for unnamed ones, which act
    /// under the issuer's own client id.
    /// </summary>
    public string? ClientId { get; init; }

    /// <summary>The clock for the default start. Defaults to the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Test seam: the certificate's random seed (44 characters). Not public: a predictable seed is a predictable token.</summary>
    internal string? Seed { get; init; }
}

/// <summary>
/// Builds TaskCluster temporary credentials: a signed certificate (version 1) that the auth service checks against
/// the issuer's access token, and an access token derived from the issuer's by HMAC-SHA256 of the certificate's seed.
/// </summary>
internal static class TemporaryCredentialsFactory
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(31);

    public static Credentials Create(Credentials issuer, TemporaryCredentialsOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (issuer.Certificate is not null)
            throw new InvalidOperationException("Temporary credentials can only be created from permanent credentials, not from temporary ones.");
        if (options.Scopes is null) throw new ArgumentException("Scopes must not be null.", nameof(options));
        foreach (string scope in options.Scopes)
        {
            if (string.IsNullOrEmpty(scope)) throw new ArgumentException("Scopes must not contain null or empty entries.", nameof(options));
        }
        if (options.ClientId is { Length: 0 }) throw new ArgumentException("A named credential's ClientId must not be empty.", nameof(options));

        var start = options.Start ?? (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (options.Expiry <= start) throw new ArgumentException("Expiry must be after Start.", nameof(options));
        if (options.Expiry - start > MaxLifetime) throw new ArgumentException("Temporary credentials may last at most 31 days.", nameof(options));

        string seed = options.Seed ?? Slugid.V4() + Slugid.V4();
        long startMs = start.ToUnixTimeMilliseconds();
        long expiryMs = options.Expiry.ToUnixTimeMilliseconds();
        string? issuerId = options.ClientId is null ? null : issuer.ClientId;
        string signature = Sign(issuer.AccessToken, options.ClientId, issuerId, seed, startMs, expiryMs, options.Scopes);
        string certificate = CertificateJson(options.Scopes, startMs, expiryMs, seed, signature, issuerId);
        string accessToken = DeriveAccessToken(issuer.AccessToken, seed);
        return new Credentials(options.ClientId ?? issuer.ClientId, accessToken, certificate);
    }

    /// <summary>The certificate signature: HMAC-SHA256 with the issuer's token over the certificate's fields, one per line.</summary>
    internal static string Sign(
        string issuerToken, string? clientId, string? issuer, string seed, long start, long expiry, IReadOnlyList<string> scopes)
    {
        var text = new StringBuilder("version:1");
        if (issuer is not null) text.Append("\nclientId:").Append(clientId).Append("\nissuer:").Append(issuer);
        text.Append("\nseed:").Append(seed)
            .Append("\nstart:").Append(start.ToString(CultureInfo.InvariantCulture))
            .Append("\nexpiry:").Append(expiry.ToString(CultureInfo.InvariantCulture))
            .Append("\nscopes:");
        foreach (string scope in scopes) text.Append('\n').Append(scope);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(issuerToken), Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The temporary access token: URL-safe base64 (no padding) of HMAC-SHA256(issuer token, seed).</summary>
    internal static string DeriveAccessToken(string issuerToken, string seed)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(issuerToken), Encoding.UTF8.GetBytes(seed)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string CertificateJson(IReadOnlyList<string> scopes, long start, long expiry, string seed, string signature, string? issuer)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteStartArray("scopes");
            foreach (string scope in scopes) writer.WriteStringValue(scope);
            writer.WriteEndArray();
            writer.WriteNumber("start", start);
            writer.WriteNumber("expiry", expiry);
            writer.WriteString("seed", seed);
            writer.WriteString("signature", signature);
            if (issuer is not null) writer.WriteString("issuer", issuer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
