using System;
using System.Text;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Auth;

/// <summary>
/// The signer keeps the normalized string's tail (host, port, payload hash, ext) of the last bodiless request. One
/// signer used for several origins, ports and bodies in turn must still sign each request for what it is.
/// </summary>
[TestFixture]
public sealed class HawkSignerTests
{
    [TestCase(null)]
    [TestCase("[\"queue:*\"]")]
    public void Requests_to_different_origins_ports_and_bodies_in_turn_each_verify(string? scopesJson)
    {
        string? ext = scopesJson is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"authorizedScopes\":" + scopesJson + "}"));
        var signer = new HawkSigner(new Credentials("test-client", "test-token"), ext);
        var clock = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var verifier = HawkVerifier.ForTestClient(clock);
        byte[] body = Encoding.UTF8.GetBytes("{\"a\":1}");
        string bodyHash = Hawk.PayloadHash("application/json", body);
        var requests = new (string Url, byte[]? Body)[]
        {
            ("https://queue.example.com/v1/task/A", null),
            ("https://queue.example.com/v1/task/B", null),          // same tail, kept
            ("https://queue.example.com:8443/v1/task/A", null),     // other port
            ("https://index.example.com/v1/task/A", null),          // other host
            ("https://index.example.com/v1/task/A", body),          // a body's hash
            ("https://index.example.com/v1/task/A", null),          // back to bodiless
            ("http://QUEUE.example.com/v1/task/A?x=1", null),       // host case and scheme
            ("https://queue.example.com/v1/task/A", null),
        };

        foreach (var (url, requestBody) in requests)
        {
            var uri = new Uri(url);
            string header = signer.Header(requestBody is null ? "GET" : "PUT", uri, clock.GetUtcNow().ToUnixTimeSeconds(), null,
                requestBody is null ? Hawk.EmptyPayloadHash : bodyHash);

            var result = verifier.VerifyHeader(header, requestBody is null ? "GET" : "PUT", uri.PathAndQuery, uri.Host.ToLowerInvariant(),
                uri.Port, requestBody is null ? null : "application/json", requestBody ?? Array.Empty<byte>());

            Assert.That(result.Accepted, Is.True, $"{url}: {result.Error}");
            Assert.That(result.Ext, Is.EqualTo(ext), url);
        }
    }
}
