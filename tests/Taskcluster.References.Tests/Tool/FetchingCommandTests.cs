using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Taskcluster.References.Tests.Tool;

/// <summary><c>add</c> and <c>update</c> against a real HTTP server on loopback.</summary>
public sealed class FetchingCommandTests
{
    private WireMockServer _server = null!;
    private TempRepository _repository = null!;

    [SetUp]
    public void SetUp()
    {
        _server = WireMockServer.Start();
        _repository = new TempRepository();
    }

    [TearDown]
    public void TearDown()
    {
        _server.Stop();
        _repository.Dispose();
    }

    private string Serve(string path, string body, int status = 200)
    {
        _server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
        return _server.Url + path;
    }

    private static string MockExchangesJson() => TestData.MockReferenceSection().GetProperty("reference").GetRawText();

    /// <summary>A loopback URL nothing listens on: the port was free a moment ago and is closed again.</summary>
    private static string ClosedPortUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/api.json";
    }

    /// <summary>Points every builtin reference at the loopback server, serving <paramref name="bodyFor"/>(name).</summary>
    private void ServeBuiltins(System.Func<string, string, string> bodyFor)
    {
        var file = ApisFile.Load(_repository.ApisJson);
        foreach (var entry in file.Entries)
        {
            string url = Serve("/" + entry.Name + "/api.json", bodyFor(entry.Name, entry.Reference.GetRawText()));
            file.Set(entry with { ReferenceUrl = url });
        }
        file.Save();
    }

    [Test]
    public async Task Add_fetches_a_reference_from_a_url_and_records_the_url()
    {
        string url = Serve("/test/v1/exchanges.json", MockExchangesJson());

        var result = await _repository.RunAsync("add", "TestEvents", url);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var added = Reference.LoadMapFile(_repository.ApisJson)["TestEvents"];
        Assert.That((added.ReferenceUrl, added.ExchangePrefix), Is.EqualTo((url, "taskcluster-client/test/")));
    }

    [Test]
    public async Task Add_refuses_an_existing_name_without_force_and_leaves_the_file_untouched()
    {
        string url = Serve("/test/v1/exchanges.json", MockExchangesJson());
        byte[] before = _repository.ApisJsonBytes();

        var result = await _repository.RunAsync("add", "Queue", url);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UnknownOrExistingName));
        Assert.That(result.Error, Does.Contain("--force"));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task Add_with_force_replaces_an_existing_reference()
    {
        string url = Serve("/test/v1/exchanges.json", MockExchangesJson());

        await _repository.RunAsync("add", "Queue", url, "--force");

        Assert.That(Reference.LoadMapFile(_repository.ApisJson)["Queue"].Kind, Is.EqualTo(ReferenceKind.Exchanges));
    }

    [Test]
    public async Task Add_from_an_unreachable_url_fails_clearly_and_leaves_the_file_untouched()
    {
        string url = ClosedPortUrl();
        byte[] before = _repository.ApisJsonBytes();

        var result = await _repository.RunAsync("add", "TestEvents", url);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SourceUnavailable));
        Assert.That(result.Error, Does.StartWith("error: cannot reach " + url));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task Add_from_a_url_that_answers_an_error_status_names_the_status()
    {
        string url = Serve("/missing.json", "{}", 404);

        var result = await _repository.RunAsync("add", "TestEvents", url);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SourceUnavailable));
        Assert.That(result.Error, Does.Contain("answered 404"));
    }

    [Test]
    public async Task Add_of_a_document_that_is_not_a_reference_fails_and_says_what_is_wrong()
    {
        string url = Serve("/not-a-reference.json", """{ "hello": "world" }""");
        byte[] before = _repository.ApisJsonBytes();

        var result = await _repository.RunAsync("add", "Hello", url);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotAReference));
        Assert.That(result.Error, Does.Contain("is not a valid reference").And.Contain("'entries'"));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task Update_with_no_upstream_change_reports_unchanged_and_keeps_the_bytes()
    {
        ServeBuiltins((_, reference) => reference);
        byte[] before = _repository.ApisJsonBytes();

        var result = await _repository.RunAsync("update");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(result.Out.Split('\n').Count(l => l.Contains(": unchanged (")), Is.EqualTo(6));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task Update_reports_and_writes_a_reference_that_changed_upstream()
    {
        ServeBuiltins((name, reference) => name == "Auth" ? reference.Replace("Authentication API", "Auth API v2") : reference);

        var result = await _repository.RunAsync("update");

        Assert.That(result.Out, Does.Contain("Auth: changed (").And.Contain("Queue: unchanged ("));
        Assert.That(Reference.LoadMapFile(_repository.ApisJson)["Auth"].Title, Is.EqualTo("Auth API v2"));
    }

    [Test]
    public async Task Update_of_named_references_fetches_only_those()
    {
        ServeBuiltins((_, reference) => reference);

        var result = await _repository.RunAsync("update", "Queue", "index");

        Assert.That(result.Out.Split('\n').Where(l => l.Contains(": unchanged (")).Select(l => l.Split(':')[0]),
            Is.EqualTo(new[] { "Queue", "index" }));
    }

    [Test]
    public async Task Update_with_an_unreachable_source_changes_nothing_even_if_others_changed()
    {
        ServeBuiltins((name, reference) => name == "Auth" ? reference.Replace("Authentication API", "Auth API v2") : reference);
        var file = ApisFile.Load(_repository.ApisJson);
        file.Set(file.Get("Queue") with { ReferenceUrl = ClosedPortUrl() });
        file.Save();
        byte[] before = _repository.ApisJsonBytes();

        var result = await _repository.RunAsync("update");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SourceUnavailable));
        Assert.That(result.Error, Does.Contain("Queue: failed: cannot reach").And.Contain("left unchanged"));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task No_temporary_file_is_left_next_to_the_references_file()
    {
        string url = Serve("/test/v1/exchanges.json", MockExchangesJson());

        await _repository.RunAsync("add", "TestEvents", url);

        Assert.That(Directory.GetFiles(Path.GetDirectoryName(_repository.ApisJson)!).Select(Path.GetFileName), Is.EqualTo(new[] { "apis.json" }));
    }
}
