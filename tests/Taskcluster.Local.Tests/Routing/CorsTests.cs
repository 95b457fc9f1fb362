using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Local.Tests.Routing;

/// <summary>
/// The stand-in answers a page on another origin as TaskCluster does: preflights, and the headers that let the page
/// read the answers. The real browser's view of this is tested in tests/Taskcluster.Browser.Tests.
/// </summary>
[TestFixture]
public sealed class CorsTests
{
    private const string PageOrigin = "http://127.0.0.1:1";
    private LocalTaskcluster _tc = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _tc = await LocalTaskcluster.StartAsync();
        _http = new HttpClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _tc.DisposeAsync();
    }

    private static string Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private async Task<HttpResponseMessage> PreflightAsync(string path, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, _tc.RootUrl + path);
        request.Headers.Add("Origin", PageOrigin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await _http.SendAsync(request);
    }

    [Test]
    public async Task A_preflight_for_a_signed_JSON_call_is_allowed_from_any_origin()
    {
        using var response = await PreflightAsync("/api/queue/v1/task/abc", "PUT", "authorization,content-type");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"));
        var methods = Header(response, "Access-Control-Allow-Methods").Split(',');
        Assert.That(methods, Is.SupersetOf(new[] { "GET", "POST", "PUT", "DELETE", "OPTIONS" }));
        var headers = Header(response, "Access-Control-Allow-Headers").Split(',').Select(h => h.ToLowerInvariant());
        Assert.That(headers, Is.SupersetOf(new[] { "authorization", "content-type" }));
        Assert.That(int.Parse(Header(response, "Access-Control-Max-Age")), Is.GreaterThan(0));
    }

    [Test]
    public async Task A_preflight_is_answered_before_authentication_and_routing()
    {
        // Browsers never send credentials with a preflight; a 401 or 404 here would block every signed call.
        using var response = await PreflightAsync("/api/queue/v1/no-such-endpoint", "GET", "authorization");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task Every_answer_allows_any_origin_and_exposes_the_headers_clients_read()
    {
        using var ping = await _http.GetAsync(_tc.RootUrl + "/api/queue/v1/ping");
        using var missing = await _http.GetAsync(_tc.RootUrl + "/api/queue/v1/task/AAAAAAAAAAAAAAAAAAAAAA");

        foreach (var response in new[] { ping, missing })
        {
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("*"), response.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.That(Header(response, "Access-Control-Expose-Headers").Split(','), Is.SupersetOf(new[] { "Retry-After", "Content-Range" }));
        }
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
