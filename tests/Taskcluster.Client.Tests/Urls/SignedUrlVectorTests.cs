using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Urls;

/// <summary>The <c>signedUrls</c> vectors: exact bewits at the vectors' time, and the fixed path encoding.</summary>
[TestFixture]
public sealed class SignedUrlVectorTests
{
    private static readonly UriCreationOptions s_exact = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private static IEnumerable<TestCaseData> SuccessVectors() => Vectors.Cases("signedUrls", v => v.TryGetProperty("result", out _));

    private static JsonElement Vector(string descriptionStart)
        => Vectors.Section("signedUrls").Single(v => v.GetProperty("description").GetString()!.StartsWith(descriptionStart, StringComparison.Ordinal));

    /// <summary>Signs what a vector describes with a Queue client at the vector's time and base URL.</summary>
    private static string Sign(JsonElement vector, out TestApiClient client)
    {
        var bewit = vector.GetProperty("bewit");
        string authority = new Uri(vector.GetProperty("result").GetString()!).GetLeftPart(UriPartial.Authority);
        IReadOnlyList<string>? scopes = null;
        if (bewit.TryGetProperty("extDecoded", out var ext))
        {
            scopes = JsonDocument.Parse(ext.GetString()!).RootElement.GetProperty("authorizedScopes")
                .EnumerateArray().Select(s => s.GetString()!).ToArray();
        }
        client = TestApiClient.Create("Queue", new ClientOptions
        {
            Credentials = Vectors.Credentials,
            BaseUrl = authority + "/v1",
            AuthorizedScopes = scopes,
            TimeProvider = FixedTimeProvider.AtVectorTime(),
        });
        var all = vector.GetProperty("args").EnumerateArray().ToArray();
        var options = all.Where(a => a.ValueKind == JsonValueKind.Object).ToArray();
        string[] args = all.Where(a => a.ValueKind != JsonValueKind.Object).Select(a => Vectors.Arg(a)!).ToArray();
        string entry = vector.GetProperty("method").GetString()!;
        return options.Length == 0
            ? client.BuildSignedUrl(entry, args)
            : client.BuildSignedUrl(entry, TimeSpan.FromSeconds(options[0].GetProperty("expiration").GetInt32()), args);
    }

    [TestCaseSource(nameof(SuccessVectors))]
    public void Signed_url_is_the_vector_url_or_its_fixed_encoding_with_a_valid_bewit(JsonElement vector)
    {
        string expected = vector.GetProperty("result").GetString()!;

        string signed = Sign(vector, out var client);

        string expectedUnsigned = expected.Substring(0, expected.IndexOf("?bewit=", StringComparison.Ordinal));
        string unsigned = signed.Substring(0, signed.IndexOf("?bewit=", StringComparison.Ordinal));
        if (unsigned == expectedUnsigned)
        {
            Assert.That(signed, Is.EqualTo(expected), "same URL, so the very same bewit");
        }
        else
        {
            // Only the 2014 raw-pasting of '/' differs: the fixed URL keeps the argument in one segment.
            Assert.That(unsigned.Replace("%2F", "/"), Is.EqualTo(expectedUnsigned));
            var uri = new Uri(signed, s_exact);
            var verdict = HawkVerifier.ForTestClient(FixedTimeProvider.AtVectorTime()).VerifyBewit("GET", uri.PathAndQuery, uri.Host, uri.Port);
            Assert.Multiple(() =>
            {
                Assert.That(verdict.Accepted, Is.True, verdict.Error);
                Assert.That(verdict.Timestamp, Is.EqualTo(vector.GetProperty("bewit").GetProperty("exp").GetInt64()));
                Assert.That(verdict.Ext, Is.EqualTo(vector.GetProperty("bewit").GetProperty("ext").GetString()));
            });
        }
    }

    [Test]
    public void Signed_url_keeps_a_slash_in_an_artifact_name_inside_one_segment()
    {
        string signed = Sign(Vector("expiration 600 s"), out _);

        Assert.That(signed, Does.StartWith("https://queue.taskcluster.net/v1/task/abc/runs/0/artifacts/private%2Fbuild%2Fx.zip?bewit="));
    }

    [Test]
    public void Signed_url_bewit_is_accepted_by_the_verifier_for_the_fixed_path()
    {
        var uri = new Uri(Sign(Vector("expiration 600 s"), out _), s_exact);

        var verdict = HawkVerifier.ForTestClient(FixedTimeProvider.AtVectorTime()).VerifyBewit("GET", uri.PathAndQuery, uri.Host, uri.Port);

        Assert.That(verdict.Accepted, Is.True, verdict.Error);
    }

    [Test]
    public void Signed_url_with_expiration_zero_falls_back_to_900_seconds()
    {
        var vector = Vector("expiration 0");

        string signed = Sign(vector, out _);

        Assert.That(signed, Is.EqualTo(vector.GetProperty("result").GetString()));
    }

    [Test]
    public void Signed_url_with_a_negative_expiration_is_refused()
    {
        var client = TestApiClient.Create("Queue", new ClientOptions { Credentials = Vectors.Credentials });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => client.BuildSignedUrl("getTask", TimeSpan.FromSeconds(-1), "abc"));

        Assert.That(error!.ParamName, Is.EqualTo("expiration"));
    }

    [Test]
    public void Signed_url_for_a_non_GET_entry_is_refused()
    {
        var vector = Vector("error: non-GET");
        var client = TestApiClient.Create("Queue", new ClientOptions { Credentials = Vectors.Credentials });
        string[] args = vector.GetProperty("args").EnumerateArray().Select(a => Vectors.Arg(a)!).ToArray();

        var error = Assert.Throws<ArgumentException>(() => client.BuildSignedUrl(vector.GetProperty("method").GetString()!, args));

        Assert.That(error!.ParamName, Is.EqualTo("entryName"));
    }

    [Test]
    [NonParallelizable]
    public void Signed_url_without_credentials_is_refused()
    {
        using var environment = new EnvironmentScope(Credentials.ClientIdVariable, Credentials.AccessTokenVariable);
        var client = TestApiClient.Create("Queue");

        Assert.Throws<InvalidOperationException>(() => client.BuildSignedUrl("getTask", "abc"));
    }

    [Test]
    public void Credentials_without_an_access_token_are_refused_when_made()
    {
        // The vector "accessToken missing": C# credentials cannot exist without a token, so the error comes earlier.
        var error = Assert.Throws<ArgumentException>(() => _ = new Credentials("test-client", ""));

        Assert.That(error!.ParamName, Is.EqualTo("accessToken"));
    }

    // The vector "expiration not a number" has no C# counterpart: the expiration is a TimeSpan, so a string
    // such as "60" does not compile.
}
