using Taskcluster.Packaging.Tests.Infrastructure;

namespace Taskcluster.Packaging.Tests;

/// <summary>
/// tests/PackageConsumer built and run against the packed package: a builtin client from the package's dll, and
/// clients the packaged generator made from the consumer's own reference files.
/// </summary>
[TestFixture]
public sealed class ConsumerTests
{
    private string _directory = "";
    private CommandResult? _build;
    private CommandResult? _run;
    private Dictionary<string, string> _printed = new();

    [OneTimeSetUp]
    public async Task BuildAndRunConsumerAsync()
    {
        _directory = PackedPackage.CopyConsumer("consumer");
        _build = await PackedPackage.BuildConsumerAsync(_directory).ConfigureAwait(false);
        if (!_build.Succeeded) return;
        _run = await PackedPackage.RunConsumerAsync(_directory).ConfigureAwait(false);
        _printed = Parse(_run.Output);
    }

    [Test]
    public void The_consumer_builds_against_the_packed_package()
    {
        Assert.That(_build!.Succeeded, Is.True, _build.Describe());
    }

    [Test]
    public void The_consumer_runs_to_completion()
    {
        Assert.That(Run().ExitCode, Is.Zero, Run().Describe());
    }

    [Test]
    public void A_builtin_client_is_todays_service_addressed_by_root_url()
    {
        Assert.That(Printed("builtin-service"), Is.EqualTo("queue/v1"));
    }

    [Test]
    public void A_builtin_client_percent_encodes_route_arguments()
    {
        Assert.That(Printed("builtin-url"), Is.EqualTo("https://tc.example.test/api/queue/v1/task/a%2Fb%3Fc%23d"));
    }

    [Test]
    public void A_builtin_client_puts_query_parameters_in_the_url()
    {
        Assert.That(Printed("builtin-query-url"), Is.EqualTo("https://tc.example.test/api/queue/v1/task-group/g/list?continuationToken=a%20b&limit=10"));
    }

    [Test]
    public void A_builtin_client_builds_signed_urls()
    {
        Assert.That(Printed("builtin-signed-url"), Does.Match(@"^https://tc\.example\.test/api/queue/v1/task/abc\?bewit=[A-Za-z0-9_-]+$"));
    }

    [Test]
    public void The_dependency_injection_package_gives_a_configured_queue()
    {
        Assert.That(Printed("di-queue"), Is.EqualTo("https://di.example.test/api/queue/v1"));
    }

    [Test]
    public void A_builtin_exchange_client_builds_bindings()
    {
        Assert.That(Printed("builtin-binding"), Is.EqualTo("exchange/taskcluster-queue/v1/task-completed primary.abc.*.*.*.*.*.*.*.#"));
    }

    [Test]
    public void A_reference_with_its_own_schema_gets_a_typed_method_through_the_package()
    {
        // Sent: the model written by its generated converter (schema order, wire names, the enum's wire value, no
        // null properties).
        Assert.That(Printed("generated-typed-request"),
            Is.EqualTo("PUT /api/store/v1/items/i%2F1 {\"itemId\":\"i/1\",\"color\":\"deep-red\",\"tags\":[\"new\"]}"));
        // Received: the answer read back into the model, the server's timestamp included.
        Assert.That(Printed("generated-typed"), Is.EqualTo("i/1 DeepRed 2026-11-30T12:34:56.7890000+00:00"));
    }

    [Test]
    public void A_single_reference_becomes_an_api_client_on_the_packaged_runtime()
    {
        Assert.That(Printed("generated-class"), Is.EqualTo("Taskcluster.EchoApi : Taskcluster.ApiClient"));
    }

    [Test]
    public void A_generated_client_takes_its_default_base_url_from_the_reference()
    {
        Assert.That(Printed("generated-default-base-url"), Is.EqualTo("https://echo.example.test/v1"));
    }

    [Test]
    public void A_generated_client_percent_encodes_route_arguments()
    {
        Assert.That(Printed("generated-url"), Is.EqualTo("http://loopback/v1/echo/hello%20world%2Fagain"));
    }

    [Test]
    public void A_generated_client_builds_signed_urls()
    {
        Assert.That(Printed("generated-signed-url"), Does.Match(@"^http://loopback/v1/echo/hi\?bewit=[A-Za-z0-9_-]+$"));
    }

    [Test]
    public void A_generated_client_calls_the_percent_encoded_route()
    {
        Assert.That(Printed("generated-echo-request"), Is.EqualTo("GET /v1/echo/hello%20world"));
    }

    [Test]
    public void A_generated_client_signs_its_calls_and_returns_the_answer()
    {
        Assert.That(Printed("generated-echo"), Is.EqualTo("hello world (hawk=True)"));
    }

    [Test]
    public void A_generated_client_posts_its_payload_and_returns_the_answer()
    {
        Assert.That(
            (Printed("generated-shout-request"), Printed("generated-shout")),
            Is.EqualTo(("POST /v1/shout", "QUIET PLEASE")));
    }

    [Test]
    public void An_apis_json_map_becomes_an_exchange_client_on_the_packaged_runtime()
    {
        Assert.That(Printed("generated-exchange-class"), Is.EqualTo("Taskcluster.EchoEvents : Taskcluster.ExchangeClient"));
    }

    [Test]
    public void A_generated_exchange_client_builds_bindings_with_the_reference_prefix()
    {
        Assert.That(Printed("generated-binding"), Is.EqualTo("echo/v1/word-echoed primary.hello.#"));
    }

    [Test]
    public void A_generated_client_carries_the_reference_docs()
    {
        Assert.That(_build!.Succeeded, Is.True, _build.Describe());
        string source = File.ReadAllText(Directory.GetFiles(Path.Combine(_directory, "obj"), "EchoApi.g.cs", SearchOption.AllDirectories).Single());

        Assert.That(source, Does.Contain("/// <summary>Echo a word</summary>").And.Contain("echo:read"));
    }

    private CommandResult Run()
    {
        Assert.That(_build!.Succeeded, Is.True, "The consumer did not build. " + _build.Describe());
        return _run!;
    }

    private string Printed(string name)
    {
        var run = Run();
        Assert.That(run.Succeeded, Is.True, run.Describe());
        Assert.That(_printed.ContainsKey(name), Is.True, $"The consumer printed no '{name}:' line. " + run.Describe());
        return _printed[name];
    }

    private static Dictionary<string, string> Parse(string output)
    {
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n'))
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0) lines[line.Substring(0, colon)] = line.Substring(colon + 2).TrimEnd('\r');
        }
        return lines;
    }
}
