using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Http;

/// <summary>
/// The <c>requests</c> vectors: the exact Hawk header the original client sent (checked at the Hawk level, since
/// the MAC covers the vector's host and port) and the same call end to end against a loopback server.
/// </summary>
[TestFixture]
public sealed class RequestVectorTests
{
    private static readonly UriCreationOptions s_exact = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private static IEnumerable<TestCaseData> SignedVectors() => Vectors.Cases("requests", v => v.TryGetProperty("hawk", out _));

    private static IEnumerable<TestCaseData> AllVectors() => Vectors.Cases("requests");

    // Vectors whose route arguments need no escaping: the fixed client sends exactly the path the original did.
    private static IEnumerable<TestCaseData> SignedVectorsWithUnchangedPaths() => Vectors.Cases("requests", v =>
        v.TryGetProperty("hawk", out _)
        && VectorCall.From(v).ExpectedPath("/v1") == v.GetProperty("request").GetProperty("pathOnWire").GetString());

    [TestCaseSource(nameof(SignedVectors))]
    public void Hawk_reproduces_the_vector_normalized_string_and_authorization_header(JsonElement vector)
    {
        var request = vector.GetProperty("request");
        var hawk = vector.GetProperty("hawk");
        string method = request.GetProperty("method").GetString()!;
        string authority = new Uri(vector.GetProperty("urlUsedByClient").GetString()!).GetLeftPart(UriPartial.Authority);
        var uri = new Uri(authority + request.GetProperty("pathOnWire").GetString(), s_exact);
        string? contentType = Vectors.OptionalString(request, "contentType");
        byte[] body = Encoding.UTF8.GetBytes(request.GetProperty("body").GetString()!);
        long ts = FixedTimeProvider.AtVectorTime().GetUtcNow().ToUnixTimeSeconds();
        string nonce = vector.GetProperty("nonce").GetString()!;

        string hash = contentType is null ? Hawk.EmptyPayloadHash : Hawk.PayloadHash(contentType, body);
        string? ext = Hawk.Ext(Vectors.AuthorizedScopes(vector));
        string normalized = Hawk.NormalizedString("header", ts, nonce, method, uri, hash, ext);
        string header = new HawkSigner(Vectors.Credentials, ext).Header(method, uri, ts, nonce, hash);

        Assert.Multiple(() =>
        {
            Assert.That(normalized, Is.EqualTo(hawk.GetProperty("normalizedString").GetString()));
            Assert.That(header, Is.EqualTo(request.GetProperty("authorization").GetString()));
            string hashOfInput = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(hawk.GetProperty("payloadHashInput").GetString()!)));
            Assert.That(hash, Is.EqualTo(hashOfInput), "the payload hash is the SHA-256 of the vector's payloadHashInput");
        });
    }

    [TestCaseSource(nameof(SignedVectorsWithUnchangedPaths))]
    public async Task Client_sends_the_vector_authorization_header_for_the_vector_url(JsonElement vector)
    {
        var call = VectorCall.From(vector);
        string authority = new Uri(vector.GetProperty("urlUsedByClient").GetString()!).GetLeftPart(UriPartial.Authority);
        var handler = new CapturingHandler(_ => CapturingHandler.Json("{}"));
        var client = TestApiClient.Create(call.Reference.ClientName, new ClientOptions
        {
            Credentials = Vectors.Credentials,
            BaseUrl = authority + "/v1",
            AuthorizedScopes = Vectors.AuthorizedScopes(vector),
            TimeProvider = FixedTimeProvider.AtVectorTime(),
            NonceGenerator = () => vector.GetProperty("nonce").GetString()!,
            HttpClient = new HttpClient(handler),
        });

        await client.CallAsync(call.Entry.Name, call.Args, call.PayloadObject);

        Assert.That(handler.Requests.Single().Authorization,
            Is.EqualTo(vector.GetProperty("request").GetProperty("authorization").GetString()));
    }

    [TestCaseSource(nameof(AllVectors))]
    public async Task Vector_call_arrives_on_the_wire_as_recorded_and_has_the_recorded_outcome(JsonElement vector)
    {
        var call = VectorCall.From(vector);
        var recorded = vector.GetProperty("request");
        bool anonymous = recorded.GetProperty("authorization").ValueKind == JsonValueKind.Null;
        var clock = FixedTimeProvider.AtVectorTime();
        var verifier = HawkVerifier.ForTestClient(clock);
        var verdicts = new ConcurrentQueue<HawkResult?>();
        JsonElement[] responses = vector.GetProperty("response").ValueKind == JsonValueKind.Array
            ? vector.GetProperty("response").EnumerateArray().ToArray()
            : new[] { vector.GetProperty("response") };
        int served = -1;
        LoopbackServer? server = null;
        server = await LoopbackServer.StartAsync(async (context, request) =>
        {
            verdicts.Enqueue(request.Header("Authorization") is null ? null : verifier.VerifyHeader(
                request.Header("Authorization"), request.Method, request.RawTarget, request.Host, request.Port,
                request.Header("Content-Type"), request.Body));
            var response = responses[Math.Min(Interlocked.Increment(ref served), responses.Length - 1)];
            if (Vectors.OptionalString(response, "location") is { } location)
            {
                // The recorded redirect stays on the same origin; on loopback that origin is this server.
                context.Response.Headers.Location = server!.Origin + new Uri(location).PathAndQuery;
            }
            await LoopbackServer.WriteAsync(context.Response, response.GetProperty("status").GetInt32(),
                Vectors.OptionalString(response, "contentType"), response.GetProperty("body").GetString()!);
        });
        await using var _ = server;
        var client = TestApiClient.Create(call.Reference.ClientName, new ClientOptions
        {
            Credentials = anonymous ? null : Vectors.Credentials,
            BaseUrl = server.Origin + "/v1",
            AuthorizedScopes = Vectors.AuthorizedScopes(vector),
            TimeProvider = clock,
            NonceGenerator = () => vector.GetProperty("nonce").GetString()!,
            // The vectors record what one attempt puts on the wire. Retrying 5xx (which 0.15.3 did not do, see
            // "5xx is NOT retried") is the SDK's deliberate change, tested in Resilience/RetryTests.
            Retry = RetryOptions.None,
        });

        JsonElement? resolved = null;
        TaskclusterException? rejected = null;
        try
        {
            resolved = await client.CallAsync(call.Entry.Name, call.Args, call.PayloadObject);
        }
        catch (TaskclusterException exception)
        {
            rejected = exception;
        }

        var requests = server.Requests;
        var verdictList = verdicts.ToArray();
        int followUps = vector.TryGetProperty("followUpRequests", out var follow) ? follow.GetArrayLength() : 0;
        Assert.Multiple(() =>
        {
            Assert.That(requests, Has.Count.EqualTo(1 + followUps), "requests sent (no retries, one per redirect)");
            var first = requests[0];
            Assert.That(first.Method, Is.EqualTo(recorded.GetProperty("method").GetString()));
            Assert.That(first.RawTarget, Is.EqualTo(call.ExpectedPath("/v1")));
            Assert.That(first.Header("Content-Type"), Is.EqualTo(Vectors.OptionalString(recorded, "contentType")));
            Assert.That(Encoding.UTF8.GetString(first.Body), Is.EqualTo(recorded.GetProperty("body").GetString()));
            Assert.That(first.Header("Accept"), Is.EqualTo("application/json"));
            if (anonymous)
            {
                Assert.That(first.Header("Authorization"), Is.Null);
            }
            else
            {
                Assert.That(verdictList[0]?.Accepted, Is.True, verdictList[0]?.Error);
                string? extDecoded = vector.GetProperty("hawk").TryGetProperty("extDecoded", out var ext) ? ext.GetString() : null;
                Assert.That(verdictList[0]?.ExtJson, Is.EqualTo(extDecoded));
            }
            for (int i = 0; i < followUps; i++)
            {
                var expected = follow[i];
                var actual = requests[1 + i];
                Assert.That(actual.Method, Is.EqualTo(expected.GetProperty("method").GetString()));
                Assert.That(actual.RawTarget, Is.EqualTo(expected.GetProperty("pathOnWire").GetString()));
                Assert.That(verdictList[1 + i]?.Accepted, Is.True, "a same-origin redirect is re-signed: " + verdictList[1 + i]?.Error);
                Assert.That(actual.Header("Authorization"), Is.Not.EqualTo(first.Header("Authorization")),
                    "the follow-up is signed for its own path");
            }

            var outcome = vector.GetProperty("outcome");
            if (outcome.TryGetProperty("resolved", out var expectedResult))
            {
                Assert.That(rejected, Is.Null, rejected?.Message);
                Assert.That(JsonNode.DeepEquals(JsonNode.Parse(resolved!.Value.GetRawText()), JsonNode.Parse(expectedResult.GetRawText())),
                    Is.True, $"resolved {resolved?.GetRawText()}, expected {expectedResult.GetRawText()}");
            }
            else
            {
                var expectedError = outcome.GetProperty("rejected");
                var lastResponse = responses[Math.Min(requests.Count - 1, responses.Length - 1)];
                string responseBody = lastResponse.GetProperty("body").GetString()!;
                Assert.That(rejected, Is.Not.Null, "the call should have failed");
                Assert.That((int?)rejected!.StatusCode, Is.EqualTo(expectedError.GetProperty("statusCode").GetInt32()));
                Assert.That(rejected.Message, Does.Contain(expectedError.GetProperty("message").GetString()));
                Assert.That(rejected.Body, Is.EqualTo(responseBody));
                Assert.That(rejected.ServerMessage, Is.EqualTo(MessageOf(responseBody)));
                Assert.That(rejected.Method, Is.EqualTo(recorded.GetProperty("method").GetString()));
            }
        });
    }

    private static string? MessageOf(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
