using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Taskcluster.Client.Tests.TemporaryCredentials;

[TestFixture]
public sealed class TemporaryCredentialsTests
{
    private static readonly Credentials Permanent = new("issuer-client", "issuer-token");
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1400000000000);
    private const string Seed = "aaaaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbb";

    private static TemporaryCredentialsOptions Options(string? clientId = null) => new()
    {
        Scopes = new[] { "queue:create-task:prov/*", "index:insert:my.*" },
        Start = Start,
        Expiry = Start.AddHours(1),
        ClientId = clientId,
        Seed = Seed,
    };

    /// <summary>TaskCluster's definition, spelled out here independently of the SDK's code.</summary>
    private static string ExpectedSignature(string? clientId, string? issuer)
    {
        string text = "version:1\n"
            + (issuer is null ? "" : $"clientId:{clientId}\nissuer:{issuer}\n")
            + $"seed:{Seed}\nstart:1400000000000\nexpiry:1400003600000\nscopes:\nqueue:create-task:prov/*\nindex:insert:my.*";
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("issuer-token"), Encoding.UTF8.GetBytes(text)));
    }

    [Test]
    public void Unnamed_temporary_credentials_keep_the_client_id_and_carry_a_signed_certificate()
    {
        var temporary = Permanent.CreateTemporary(Options());

        using var certificate = JsonDocument.Parse(temporary.Certificate!);
        var root = certificate.RootElement;
        Assert.That(temporary.ClientId, Is.EqualTo("issuer-client"));
        Assert.That(root.GetProperty("version").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("start").GetInt64(), Is.EqualTo(1400000000000));
        Assert.That(root.GetProperty("expiry").GetInt64(), Is.EqualTo(1400003600000));
        Assert.That(root.GetProperty("seed").GetString(), Is.EqualTo(Seed));
        Assert.That(root.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "queue:create-task:prov/*", "index:insert:my.*" }));
        Assert.That(root.TryGetProperty("issuer", out _), Is.False);
        Assert.That(root.GetProperty("signature").GetString(), Is.EqualTo(ExpectedSignature(null, null)));
    }

    [Test]
    public void The_temporary_access_token_is_the_url_safe_hmac_of_the_seed()
    {
        var temporary = Permanent.CreateTemporary(Options());

        string expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("issuer-token"), Encoding.UTF8.GetBytes(Seed)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.That(temporary.AccessToken, Is.EqualTo(expected));
        Assert.That(temporary.AccessToken, Is.Not.EqualTo(Permanent.AccessToken));
    }

    [Test]
    public void Named_temporary_credentials_record_the_issuer_and_sign_the_new_client_id()
    {
        var temporary = Permanent.CreateTemporary(Options("worker/42"));

        using var certificate = JsonDocument.Parse(temporary.Certificate!);
        Assert.That(temporary.ClientId, Is.EqualTo("worker/42"));
        Assert.That(certificate.RootElement.GetProperty("issuer").GetString(), Is.EqualTo("issuer-client"));
        Assert.That(certificate.RootElement.GetProperty("signature").GetString(), Is.EqualTo(ExpectedSignature("worker/42", "issuer-client")));
    }

    [Test]
    public void A_fresh_seed_is_drawn_each_time_unless_one_is_given()
    {
        var options = Options() with { Seed = null };

        var first = Permanent.CreateTemporary(options);
        var second = Permanent.CreateTemporary(options);

        Assert.That(first.AccessToken, Is.Not.EqualTo(second.AccessToken));
        using var certificate = JsonDocument.Parse(first.Certificate!);
        Assert.That(certificate.RootElement.GetProperty("seed").GetString(), Has.Length.EqualTo(44));
    }

    [Test]
    public void More_than_31_days_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Permanent.CreateTemporary(Options() with { Expiry = Start.AddDays(31).AddSeconds(1) }));

        Assert.That(error!.ParamName, Is.EqualTo("options"));
        Assert.That(error.Message, Does.Contain("31 days"));
    }

    [Test]
    public void An_expiry_before_the_start_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Permanent.CreateTemporary(Options() with { Expiry = Start.AddSeconds(-1) }));
    }

    [Test]
    public void Temporary_credentials_cannot_issue_more_temporary_credentials()
    {
        var temporary = Permanent.CreateTemporary(Options());

        Assert.Throws<InvalidOperationException>(() => temporary.CreateTemporary(Options()));
    }

    [Test]
    public void The_access_token_never_appears_in_the_description()
    {
        var temporary = Permanent.CreateTemporary(Options());

        Assert.That(temporary.ToString(), Does.Not.Contain(temporary.AccessToken));
        Assert.That(Permanent.ToString(), Does.Not.Contain(Permanent.AccessToken));
    }

    [Test]
    public async Task Requests_with_temporary_credentials_carry_the_certificate_next_to_authorized_scopes()
    {
        using var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/v1/task/abc")).RespondWith(Response.Create().WithBody("{}"));
        var temporary = Permanent.CreateTemporary(Options());
        var queue = new Queue(new ClientOptions { BaseUrl = server.Url + "/v1", Credentials = temporary, AuthorizedScopes = new[] { "index:insert:my.a" } });

        // By name: the answer's content does not matter here, only the request's Authorization header.
        await queue.CallAsync("task", ["abc"]);

        string header = server.LogEntries.Single().RequestMessage.Headers!["Authorization"].Single();
        var ext = JsonDocument.Parse(Convert.FromBase64String(ExtOf(header))).RootElement;
        Assert.That(ext.GetProperty("certificate").GetProperty("signature").GetString(), Is.EqualTo(ExpectedSignature(null, null)));
        Assert.That(ext.GetProperty("authorizedScopes")[0].GetString(), Is.EqualTo("index:insert:my.a"));
        Assert.That(header, Does.Contain("id=\"issuer-client\""));
    }

    [Test]
    public void Signed_urls_with_temporary_credentials_carry_the_certificate_in_the_bewit()
    {
        var queue = new Queue(new ClientOptions { RootUrl = "https://tc.example.com", Credentials = Permanent.CreateTemporary(Options()) });

        string url = queue.TaskSignedUrl("abc");

        string bewit = url.Substring(url.IndexOf("bewit=", StringComparison.Ordinal) + 6).Replace('-', '+').Replace('_', '/');
        string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(bewit.PadRight(bewit.Length + (4 - bewit.Length % 4) % 4, '=')));
        string ext = decoded.Split('\\')[3];
        var root = JsonDocument.Parse(Convert.FromBase64String(ext)).RootElement;
        Assert.That(root.GetProperty("certificate").GetProperty("seed").GetString(), Is.EqualTo(Seed));
    }

    [Test]
    [NonParallelizable]
    public void The_environment_can_supply_temporary_credentials()
    {
        var temporary = Permanent.CreateTemporary(Options());
        string?[] saved = { Environment.GetEnvironmentVariable("TASKCLUSTER_CLIENT_ID"), Environment.GetEnvironmentVariable("TASKCLUSTER_ACCESS_TOKEN"), Environment.GetEnvironmentVariable("TASKCLUSTER_CERTIFICATE") };
        try
        {
            Environment.SetEnvironmentVariable("TASKCLUSTER_CLIENT_ID", temporary.ClientId);
            Environment.SetEnvironmentVariable("TASKCLUSTER_ACCESS_TOKEN", temporary.AccessToken);
            Environment.SetEnvironmentVariable("TASKCLUSTER_CERTIFICATE", temporary.Certificate);

            var fromEnvironment = Credentials.FromEnvironment();

            Assert.That(fromEnvironment!.Certificate, Is.EqualTo(temporary.Certificate));
            Assert.That(fromEnvironment.AccessToken, Is.EqualTo(temporary.AccessToken));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TASKCLUSTER_CLIENT_ID", saved[0]);
            Environment.SetEnvironmentVariable("TASKCLUSTER_ACCESS_TOKEN", saved[1]);
            Environment.SetEnvironmentVariable("TASKCLUSTER_CERTIFICATE", saved[2]);
        }
    }

    [Test]
    public void A_certificate_that_is_not_json_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new Credentials("id", "token", "not json"));

        Assert.That(error!.ParamName, Is.EqualTo("certificate"));
    }

    private static string ExtOf(string header)
    {
        int at = header.IndexOf("ext=\"", StringComparison.Ordinal) + 5;
        return header.Substring(at, header.IndexOf('"', at) - at);
    }
}
