using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Urls;

/// <summary>
/// Every URL, signed URL and binding the SDK builds for today's references must equal what today's JS client
/// (taskcluster-client, recorded by tests/oracle/generate.mjs) builds for the same reference and values. The few
/// places we differ on purpose are spelled out here, each with its reason, and asserted as such.
/// </summary>
[TestFixture]
public sealed class JsClientOracleTests
{
    private static readonly Lazy<JsonElement> s_oracle = new(() => Load("js-client-oracle.json"));
    private static readonly Lazy<Dictionary<string, Reference>> s_references = new(LoadReferences);

    private static IEnumerable<TestCaseData> Section(string name)
        => s_oracle.Value.GetProperty(name).EnumerateArray()
            .Select((vector, i) => new TestCaseData(vector).SetArgDisplayNames($"{name}[{i}] {Describe(vector)}"));

    private static IEnumerable<TestCaseData> UrlVectors() => Section("urls");

    private static IEnumerable<TestCaseData> SignedUrlVectors() => Section("signedUrls");

    private static IEnumerable<TestCaseData> BindingVectors() => Section("bindings");

    [TestCaseSource(nameof(UrlVectors))]
    public void Url_equals_the_js_clients(JsonElement vector)
    {
        var client = ApiClientFor(vector, credentials: null);

        string url = client.BuildUrl(vector.GetProperty("entry").GetString()!, Args(vector), Query(vector));

        string expected = WithDotSegmentsEscaped(vector.GetProperty("url").GetString()!, vector);
        if (vector.GetProperty("case").GetString() == "query:allReversed")
        {
            // Differs on purpose: the JS client writes query parameters in the order of the caller's object; we write
            // them in the reference's order, whatever dictionary the caller passes. Servers do not care about order.
            Assert.That(SplitQuery(url), Is.EqualTo(SplitQuery(expected)));
            return;
        }
        Assert.That(url, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(SignedUrlVectors))]
    public void Signed_url_equals_the_js_clients(JsonElement vector)
    {
        string? certificate = vector.GetProperty("certificate").ValueKind == JsonValueKind.String ? vector.GetProperty("certificate").GetString() : null;
        var credentials = new Credentials(vector.GetProperty("clientId").GetString()!, vector.GetProperty("accessToken").GetString()!, certificate);
        var client = ApiClientFor(vector, credentials);
        TimeSpan? expiration = vector.GetProperty("expirationSeconds").ValueKind == JsonValueKind.Number
            ? TimeSpan.FromSeconds(vector.GetProperty("expirationSeconds").GetDouble())
            : null;
        var args = Args(vector);
        string entry = vector.GetProperty("entry").GetString()!;

        string url = client.BuildSignedUrl(entry, args, Query(vector), expiration);

        string rootUrl = vector.GetProperty("rootUrl").GetString()!;
        bool signsAnotherUrl = args.Any(arg => arg.Contains('\'') || arg is "." or "..") || rootUrl != new Uri(rootUrl).GetLeftPart(UriPartial.Authority).ToLowerInvariant().Replace(":443", "");
        string clientId = vector.GetProperty("clientId").GetString()!;
        if (signsAnotherUrl || clientId.Any(c => c > 127))
        {
            // Differs on purpose. The JS client re-parses a URL before signing it: that turns ' into %27 (its
            // unsigned URLs keep '), resolves "." and ".." segments away (we escape them), and keeps a root URL's
            // case and default port (we canonicalize). We sign exactly the URL BuildUrl gives. It also writes a
            // non-ASCII clientId into the bewit as Latin-1 where we write UTF-8 (TaskCluster client ids are ASCII).
            // What must still agree is everything else in the bewit.
            string unsigned = client.BuildUrl(entry, args, Query(vector));
            Assert.That(url, Does.StartWith(unsigned + (unsigned.Contains('?') ? "&bewit=" : "?bewit=")));
            var ours = Bewit(url);
            var theirs = vector.GetProperty("bewit");
            Assert.That((ours[1], ours[3]), Is.EqualTo((
                theirs.GetProperty("exp").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                theirs.GetProperty("ext").GetString() ?? string.Empty)));
            Assert.That(ours[0], Is.EqualTo(clientId));
            return;
        }
        Assert.That(url, Is.EqualTo(WithDotSegmentsEscaped(vector.GetProperty("url").GetString()!, vector)));
    }

    [TestCaseSource(nameof(BindingVectors))]
    public void Binding_equals_the_js_clients(JsonElement vector)
    {
        var reference = s_references.Value[vector.GetProperty("service").GetString()! + "/exchanges"];
        var client = reference.CreateExchangeClient();
        string entry = vector.GetProperty("entry").GetString()!;
        var routing = vector.GetProperty("routing").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? null : Text(p.Value));

        Binding binding;
        if (vector.GetProperty("rawPattern").ValueKind == JsonValueKind.String)
        {
            binding = client.Bind(entry, RoutingPattern.Raw(vector.GetProperty("rawPattern").GetString()!));
        }
        else if (routing.Keys.Any(key => client.Entries.Single(e => e.Name == entry).RoutingKey.All(element => element.Name != key)))
        {
            // The JS client ignores a key that names no routing-key element; a misspelled key silently binding to
            // everything is the bug we refuse to copy.
            Assert.Throws<ArgumentException>(() => client.Bind(entry, routing));
            return;
        }
        else
        {
            binding = client.Bind(entry, routing);
        }

        Assert.That((binding.Exchange, binding.RoutingKeyPattern),
            Is.EqualTo((vector.GetProperty("exchange").GetString(), vector.GetProperty("routingKeyPattern").GetString())));
    }

    [Test]
    public void Every_function_and_exchange_of_every_reference_has_vectors()
    {
        var entries = s_references.Value.Values.SelectMany(r => r.Kind == ReferenceKind.Api
            ? r.ApiEntries.Select(e => r.ServiceName + "." + e.Name)
            : r.ExchangeEntries.Select(e => r.ServiceName + "." + e.Name)).ToHashSet();
        var covered = s_oracle.Value.GetProperty("urls").EnumerateArray()
            .Concat(s_oracle.Value.GetProperty("bindings").EnumerateArray())
            .Select(v => v.GetProperty("service").GetString() + "." + v.GetProperty("entry").GetString()).ToHashSet();

        Assert.That(entries.Count, Is.GreaterThan(200));
        Assert.That(entries.Except(covered), Is.Empty);
    }

    [TestCase("https://tc.example.com//", "https://tc.example.com/api/queue/v1/task/abc", true)]
    [TestCase("https://tc.example.com/deployment/", "https://tc.example.com/deployment/api/queue/v1/task/abc", true)]
    [TestCase("http://localhost", "http://localhost/api/queue/v1/task/abc", true)]
    // Differs on purpose: a root URL is reduced to its canonical form (lower-case host, no default port) so the URL
    // signed is the URL sent; the JS client keeps "TC.Example.COM" and ":443" as typed.
    [TestCase("https://TC.Example.COM", "https://tc.example.com/api/queue/v1/task/abc", false)]
    [TestCase("https://tc.example.com:443", "https://tc.example.com/api/queue/v1/task/abc", false)]
    public void Root_urls_are_trimmed_like_the_js_clients(string rootUrl, string expected, bool sameAsJs)
    {
        var client = s_references.Value["queue/api"].CreateApiClient(new ClientOptions { RootUrl = rootUrl });

        Assert.That(client.BuildUrl("task", "abc"), Is.EqualTo(expected));
        var recorded = s_oracle.Value.GetProperty("urlEdgeCases").EnumerateArray()
            .Single(v => v.GetProperty("case").GetString() == "rootUrl" && v.GetProperty("rootUrl").GetString() == rootUrl);
        Assert.That(recorded.GetProperty("url").GetString() == expected, Is.EqualTo(sameAsJs));
    }

    [Test]
    public void Inputs_the_js_client_refuses_are_argument_errors_here_too()
    {
        var queue = s_references.Value["queue/api"].CreateApiClient(new ClientOptions { RootUrl = "https://tc.example.com" });
        var signing = s_references.Value["queue/api"].CreateApiClient(new ClientOptions
        {
            RootUrl = "https://tc.example.com", Credentials = new Credentials("tester", "no-secret"),
        });
        var events = s_references.Value["queue/exchanges"].CreateExchangeClient();
        var refused = s_oracle.Value.GetProperty("errors").EnumerateArray().Select(v => v.GetProperty("case").GetString()).ToHashSet();

        Assert.That(refused, Is.SupersetOf(new[] { "tooFewArgs", "tooManyArgs", "unknownQueryKey", "argNull", "notGet", "noCredentials", "dotInSingleWord" }));
        Assert.Throws<ArgumentException>(() => queue.BuildUrl("task"));
        Assert.Throws<ArgumentException>(() => queue.BuildUrl("task", "a", "b"));
        Assert.Throws<ArgumentException>(() => queue.BuildUrl("listArtifacts", new[] { "a", "0" }, new Dictionary<string, string?> { ["nope"] = "1" }));
        Assert.Throws<ArgumentNullException>(() => queue.BuildUrl("task", new string[] { null! }));
        Assert.Throws<ArgumentException>(() => signing.BuildSignedUrl("createTask", "abc"));
        Assert.Throws<InvalidOperationException>(() => queue.BuildSignedUrl("task", "abc"));
        Assert.Throws<ArgumentException>(() => events.Bind("taskCompleted", new Dictionary<string, string?> { ["taskId"] = "a.b" }));
    }

    private static DynamicApiClient ApiClientFor(JsonElement vector, Credentials? credentials)
    {
        var reference = s_references.Value[vector.GetProperty("service").GetString()! + "/api"];
        var options = new ClientOptions
        {
            RootUrl = vector.GetProperty("rootUrl").GetString(),
            Credentials = credentials,
            AuthorizedScopes = vector.TryGetProperty("authorizedScopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array
                ? scopes.EnumerateArray().Select(s => s.GetString()!).ToArray()
                : null,
            TimeProvider = vector.TryGetProperty("nowMs", out var now)
                ? new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(now.GetInt64()))
                : null,
        };
        return reference.CreateApiClient(options);
    }

    /// <summary>
    /// Differs on purpose: a route value that is exactly "." or ".." would be removed by any URL normalizer and send
    /// the request elsewhere (".." climbs out of the API path), so we escape its dots; the JS client sends it as is.
    /// </summary>
    private static string WithDotSegmentsEscaped(string url, JsonElement vector)
    {
        if (!Args(vector).Any(arg => arg is "." or "..")) return url;
        int query = url.IndexOf('?');
        string path = query < 0 ? url : url.Substring(0, query);
        string rest = query < 0 ? string.Empty : url.Substring(query);
        var segments = path.Split('/');
        for (int i = 3; i < segments.Length; i++)
        {
            if (segments[i] == ".") segments[i] = "%2E";
            else if (segments[i] == "..") segments[i] = "%2E%2E";
        }
        return string.Join("/", segments) + rest;
    }

    private static (string Path, string[] Query) SplitQuery(string url)
    {
        int mark = url.IndexOf('?');
        var query = mark < 0 ? Array.Empty<string>() : url.Substring(mark + 1).Split('&').OrderBy(p => p, StringComparer.Ordinal).ToArray();
        return (mark < 0 ? url : url.Substring(0, mark), query);
    }

    /// <summary>A bewit's four fields: id, expiry, MAC and ext.</summary>
    private static string[] Bewit(string url)
    {
        string value = url.Substring(url.IndexOf("bewit=", StringComparison.Ordinal) + 6);
        string base64 = value.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\\');
    }

    private static string[] Args(JsonElement vector) => vector.GetProperty("args").EnumerateArray().Select(Text).ToArray();

    private static Dictionary<string, string?> Query(JsonElement vector)
        => vector.GetProperty("query").EnumerateObject().ToDictionary(p => p.Name, p => (string?)Text(p.Value));

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Describe(JsonElement vector)
        => vector.GetProperty("service").GetString() + "." + vector.GetProperty("entry").GetString() + " " + vector.GetProperty("case").GetString();

    private static JsonElement Load(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Vectors", "Modern", file);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    /// <summary>TaskCluster v106's api and exchanges references, by "service/kind", read with Reference.Parse.</summary>
    private static Dictionary<string, Reference> LoadReferences()
    {
        var references = new Dictionary<string, Reference>(StringComparer.Ordinal);
        foreach (var file in Load("references-v106.json").EnumerateArray())
        {
            string name = file.GetProperty("filename").GetString()!;
            var reference = Reference.Parse(file.GetProperty("content"));
            references[reference.ServiceName + "/" + (name.EndsWith("/api.json", StringComparison.Ordinal) ? "api" : "exchanges")] = reference;
        }
        return references;
    }
}
