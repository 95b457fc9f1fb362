using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Local.Tests.References;

/// <summary>
/// What the stand-in publishes about itself, checked against the repository's own <c>references/</c> (read from
/// disk here, not from the stand-in's embedded copy) and against the clients generated from them.
/// </summary>
[TestFixture]
public sealed class ReferenceServingTests
{
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

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(_tc.RootUrl + path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonObject BuiltinMap()
        => JsonNode.Parse(File.ReadAllText(Path.Combine(BuiltProjects.RepositoryRoot, "references", "apis.json")))!.AsObject();

    [Test]
    public async Task The_manifest_lists_the_references_of_the_services_served_as_root_relative_paths()
    {
        var manifest = await GetJsonAsync("/references/manifest.json");

        Assert.That(manifest["$schema"]!.GetValue<string>(), Is.EqualTo("/schemas/common/manifest-v3.json#"));
        Assert.That(manifest["references"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[]
        {
            "/references/auth/v1/api.json", "/references/auth/v1/exchanges.json", "/references/index/v1/api.json",
            "/references/queue/v1/api.json", "/references/queue/v1/exchanges.json", "/references/secrets/v1/api.json",
        }));
    }

    [Test]
    public async Task Every_listed_reference_is_served_and_equals_the_builtin_one()
    {
        var builtin = BuiltinMap();
        var manifest = await GetJsonAsync("/references/manifest.json");

        foreach (string path in manifest["references"]!.AsArray().Select(r => r!.GetValue<string>()))
        {
            var served = await GetJsonAsync(path);
            var expected = builtin.Select(pair => pair.Value!.AsObject()).Single(api => api["referenceUrl"]!.GetValue<string>() == path)["reference"];
            Assert.That(JsonNode.DeepEquals(served, expected), Is.True, $"{path} should be the builtin reference");
        }
    }

    [Test]
    public async Task A_served_reference_parses_and_describes_the_same_entries_as_the_generated_client()
    {
        using var response = await _http.GetAsync(_tc.RootUrl + "/references/queue/v1/api.json");
        var reference = Reference.Parse(await response.Content.ReadAsStreamAsync());
        var generated = new Queue(_tc.ClientOptions("queue")).Entries;

        Assert.That(reference.ServiceName, Is.EqualTo("queue"));
        Assert.That(reference.ApiEntries.Select(e => (e.Name, e.Method.Method, e.Route, e.Scopes?.ToString())),
            Is.EqualTo(generated.Select(e => (e.Name, e.Method.Method, e.Route, e.Scopes?.ToString()))));
    }

    [Test]
    public async Task A_served_exchanges_reference_names_the_exchanges_events_are_published_on()
    {
        using var response = await _http.GetAsync(_tc.RootUrl + "/references/queue/v1/exchanges.json");
        var reference = Reference.Parse(await response.Content.ReadAsStreamAsync());

        Assert.That(reference.ExchangePrefix, Is.EqualTo("exchange/taskcluster-queue/v1/"));
        Assert.That(reference.ExchangeEntries.Select(e => e.Exchange), Does.Contain("task-completed"));
    }

    [Test]
    public async Task Schemas_are_served_at_their_ids_byte_for_byte()
    {
        string onDisk = File.ReadAllText(Path.Combine(BuiltProjects.RepositoryRoot, "references", "schemas", "queue", "v1", "task.json"));

        string served = await _http.GetStringAsync(_tc.RootUrl + "/schemas/queue/v1/task.json");
        var schema = JsonNode.Parse(served)!;

        Assert.That(served, Is.EqualTo(onDisk));
        Assert.That(schema["$id"]!.GetValue<string>(), Is.EqualTo("/schemas/queue/v1/task.json#"));
    }

    [TestCase("/references/hooks/v1/api.json")]
    [TestCase("/references/queue/v2/api.json")]
    [TestCase("/schemas/queue/v1/no-such-schema.json")]
    public async Task A_document_the_stand_in_does_not_publish_is_a_404(string path)
    {
        using var response = await _http.GetAsync(_tc.RootUrl + path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
