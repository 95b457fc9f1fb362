using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Auth;

/// <summary>
/// The test-side verifier is itself checked first: it must accept every header and bewit of the original client
/// (which a real Hawk server accepted too) and refuse tampered ones.
/// </summary>
[TestFixture]
public sealed class HawkVerifierTests
{
    private static readonly UriCreationOptions s_exact = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private static IEnumerable<TestCaseData> SignedRequests() => Vectors.Cases("requests", v => v.TryGetProperty("hawk", out _));

    private static IEnumerable<TestCaseData> Bewits() => Vectors.Cases("signedUrls", v => v.TryGetProperty("bewit", out _));

    private static HawkResult VerifyVectorHeader(JsonElement vector, string? authorization = null, string? body = null)
    {
        var request = vector.GetProperty("request");
        var url = new Uri(vector.GetProperty("urlUsedByClient").GetString()!);
        return HawkVerifier.ForTestClient(FixedTimeProvider.AtVectorTime()).VerifyHeader(
            authorization ?? request.GetProperty("authorization").GetString(),
            request.GetProperty("method").GetString()!,
            request.GetProperty("pathOnWire").GetString()!,
            url.Host, url.Port,
            Vectors.OptionalString(request, "contentType"),
            Encoding.UTF8.GetBytes(body ?? request.GetProperty("body").GetString()!));
    }

    [TestCaseSource(nameof(SignedRequests))]
    public void Verifier_accepts_the_vector_header_with_the_recorded_normalized_string_and_ext(JsonElement vector)
    {
        var verdict = VerifyVectorHeader(vector);

        var hawk = vector.GetProperty("hawk");
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Accepted, Is.True, verdict.Error);
            Assert.That(verdict.NormalizedString, Is.EqualTo(hawk.GetProperty("normalizedString").GetString()));
            Assert.That(verdict.ExtJson, Is.EqualTo(hawk.TryGetProperty("extDecoded", out var ext) ? ext.GetString() : null));
        });
    }

    [TestCaseSource(nameof(Bewits))]
    public void Verifier_accepts_the_vector_bewit(JsonElement vector)
    {
        var uri = new Uri(vector.GetProperty("result").GetString()!, s_exact);

        var verdict = HawkVerifier.ForTestClient(FixedTimeProvider.AtVectorTime()).VerifyBewit("GET", uri.PathAndQuery, uri.Host, uri.Port);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Accepted, Is.True, verdict.Error);
            Assert.That(verdict.NormalizedString, Is.EqualTo(vector.GetProperty("bewit").GetProperty("normalizedString").GetString()));
        });
    }

    private static JsonElement FirstPut()
    {
        foreach (var vector in Vectors.Section("requests"))
        {
            if (vector.GetProperty("request").GetProperty("method").GetString() == "PUT") return vector;
        }
        throw new InvalidOperationException("no PUT vector");
    }

    [Test]
    public void Verifier_refuses_a_header_whose_mac_was_changed()
    {
        var vector = FirstPut();
        string header = vector.GetProperty("request").GetProperty("authorization").GetString()!;
        string tampered = header.Replace("mac=\"C", "mac=\"D", StringComparison.Ordinal);

        var verdict = VerifyVectorHeader(vector, authorization: tampered);

        Assert.That(verdict.Error, Is.EqualTo("bad mac"));
    }

    [Test]
    public void Verifier_refuses_a_body_that_does_not_match_the_payload_hash()
    {
        var verdict = VerifyVectorHeader(FirstPut(), body: "{\"tampered\":true}");

        Assert.That(verdict.Error, Is.EqualTo("bad payload hash"));
    }

    [Test]
    public void Verifier_refuses_a_header_from_too_far_in_the_past()
    {
        var vector = FirstPut();
        var request = vector.GetProperty("request");
        var clock = FixedTimeProvider.AtVectorTime();
        clock.Advance(TimeSpan.FromMinutes(2));

        var verdict = HawkVerifier.ForTestClient(clock).VerifyHeader(
            request.GetProperty("authorization").GetString(), "PUT", request.GetProperty("pathOnWire").GetString()!,
            "queue.taskcluster.net", 443, "application/json", Encoding.UTF8.GetBytes(request.GetProperty("body").GetString()!));

        Assert.That(verdict.Error, Is.EqualTo("stale timestamp"));
    }

    [Test]
    public void Verifier_refuses_a_bewit_after_it_expires()
    {
        var vector = Vectors.Section("signedUrls").GetEnumerator();
        vector.MoveNext();
        var uri = new Uri(vector.Current.GetProperty("result").GetString()!, s_exact);
        var clock = FixedTimeProvider.AtVectorTime();
        clock.Advance(TimeSpan.FromSeconds(900));

        var verdict = HawkVerifier.ForTestClient(clock).VerifyBewit("GET", uri.PathAndQuery, uri.Host, uri.Port);

        Assert.That(verdict.Error, Is.EqualTo("expired"));
    }
}
