using System.Threading;
using NUnit.Framework;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Parsing;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Parsing;

public sealed class ReferenceParserTests
{
    private static FileParseResult ParseBuiltin()
        => ReferenceParser.Parse(new ReferenceFile("/refs/apis.json", ReferenceFiles.ApisJson, null), CancellationToken.None);

    private static ServiceModel Service(string className) => ParseBuiltin().Services.Single(s => s.ClassName == className);

    [Test]
    public void The_builtin_references_parse_without_diagnostics()
    {
        Assert.That(ParseBuiltin().Diagnostics, Is.Empty);
    }

    [Test]
    public void The_builtin_references_give_six_services_with_the_expected_entry_counts()
    {
        var counts = ParseBuiltin().Services.ToDictionary(s => s.ClassName, s => s.Functions.Count + s.Exchanges.Count);

        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, int>
        {
            ["Auth"] = 2, ["Queue"] = 18, ["Scheduler"] = 6, ["Index"] = 5, ["QueueEvents"] = 6, ["SchedulerEvents"] = 4,
        }));
    }

    [Test]
    public void Exchange_references_are_recognised_by_their_prefix()
    {
        var kinds = ParseBuiltin().Services.ToDictionary(s => s.ClassName, s => s.Kind);

        Assert.That(kinds["QueueEvents"], Is.EqualTo(ServiceKind.Exchanges));
        Assert.That(kinds["Queue"], Is.EqualTo(ServiceKind.Api));
        Assert.That(Service("SchedulerEvents").BaseUrlOrPrefix, Is.EqualTo("scheduler/v1/"));
    }

    [Test]
    public void A_function_keeps_route_args_input_output_and_scopes()
    {
        var claimWork = Service("Queue").Functions.Single(f => f.Name == "claimWork");

        Assert.That(claimWork.Method, Is.EqualTo("post"));
        Assert.That(claimWork.Route, Is.EqualTo("/claim-work/<provisionerId>/<workerType>"));
        Assert.That(claimWork.Args.Select(a => a.Name), Is.EqualTo(new[] { "provisionerId", "workerType" }));
        Assert.That(claimWork.Input, Is.EqualTo("http://schemas.taskcluster.net/queue/v1/task-claim-request.json#"));
        Assert.That(claimWork.Output, Is.EqualTo("http://schemas.taskcluster.net/queue/v1/task-claim-response.json#"));
        Assert.That(claimWork.Scopes!.Items.Single().Items.Select(s => s.Text), Is.EqualTo(new[]
        {
            "queue:claim-task", "assume:worker-type:<provisionerId>/<workerType>", "assume:worker-id:<workerGroup>/<workerId>",
        }));
    }

    [Test]
    public void Scope_alternatives_stay_separate_sets()
    {
        var inspect = Service("Auth").Functions.Single(f => f.Name == "inspect");

        Assert.That(inspect.Scopes!.Items.Select(set => set.Items.Single().Text), Is.EqualTo(new[] { "auth:inspect", "auth:credentials" }));
    }

    [Test]
    public void A_function_without_output_or_input_has_neither()
    {
        var artifact = Service("Queue").Functions.Single(f => f.Name == "getArtifact");

        Assert.That((artifact.Input, artifact.Output, artifact.Scopes is not null), Is.EqualTo(((string?)null, (string?)null, true)));
    }

    [Test]
    public void Member_names_upper_the_first_letter_and_keep_the_rest()
    {
        var members = Service("Queue").Functions.Select(f => f.MemberName).ToList();

        Assert.That(members, Does.Contain("GetLastestArtifact").And.Contain("GetAMQPConnectionString").And.Contain("Status"));
    }

    [Test]
    public void A_keyword_argument_is_escaped_with_an_at_sign()
    {
        var find = Service("Index").Functions.Single(f => f.Name == "find");

        Assert.That(find.Args.Single(), Is.EqualTo(new ArgModel("namespace", "@namespace")));
    }

    [Test]
    public void Routing_key_elements_keep_constant_required_multiple_words_and_max_size()
    {
        var key = Service("QueueEvents").Exchanges.Single(e => e.Name == "taskCompleted").RoutingKey;

        Assert.That(key.Count, Is.EqualTo(10));
        Assert.That(key[0], Is.EqualTo(key[0] with { Name = "routingKeyKind", Constant = "primary", Required = true, MaxSize = 7 }));
        Assert.That((key[9].Name, key[9].MultipleWords, key[9].Constant), Is.EqualTo(("reserved", true, (string?)null)));
    }

    [Test]
    public void Parsing_the_same_text_twice_gives_equal_results()
    {
        Assert.That(ParseBuiltin(), Is.EqualTo(ParseBuiltin()));
    }

    [Test]
    public void A_single_reference_file_takes_its_class_name_from_the_file_name()
    {
        string json = "{\"baseUrl\": \"https://x.example/v1\", \"entries\": []}";

        var result = ReferenceParser.Parse(new ReferenceFile("/refs/my-service.v2.json", json, null), CancellationToken.None);

        Assert.That(result.Services.Single().ClassName, Is.EqualTo("MyService"));
    }

    [Test]
    public void The_class_name_metadata_wins_over_the_file_name()
    {
        string json = "{\"baseUrl\": \"https://x.example/v1\", \"entries\": []}";

        var result = ReferenceParser.Parse(new ReferenceFile("/refs/my-service.json", json, "Custom"), CancellationToken.None);

        Assert.That(result.Services.Single().ClassName, Is.EqualTo("Custom"));
    }

    [Test]
    public void A_single_reference_of_todays_format_is_named_after_its_service()
    {
        string api = "{\"serviceName\": \"worker-manager\", \"apiVersion\": \"v1\", \"entries\": []}";
        string events = "{\"serviceName\": \"worker-manager\", \"apiVersion\": \"v1\", \"exchangePrefix\": \"exchange/taskcluster-worker-manager/v1/\", \"entries\": []}";

        var apiResult = ReferenceParser.Parse(new ReferenceFile("/refs/api.json", api, null), CancellationToken.None);
        var eventsResult = ReferenceParser.Parse(new ReferenceFile("/refs/exchanges.json", events, null), CancellationToken.None);

        Assert.That(apiResult.Services.Single().ClassName, Is.EqualTo("WorkerManager"));
        Assert.That(eventsResult.Services.Single().ClassName, Is.EqualTo("WorkerManagerEvents"));
    }

    [Test]
    public void The_namespace_metadata_puts_the_classes_in_that_namespace()
    {
        string json = "{\"baseUrl\": \"https://x.example/v1\", \"entries\": []}";

        var result = ReferenceParser.Parse(new ReferenceFile("/refs/old.json", json, "Queue", Namespace: "My.Legacy"), CancellationToken.None);
        string source = Taskcluster.Generators.Emitting.ClientEmitter.Emit(Taskcluster.Generators.Emitting.TypedService.Untyped(result.Services.Single())).Text;

        Assert.That(result.Services.Single().Namespace, Is.EqualTo("My.Legacy"));
        Assert.That(source, Does.Contain("namespace My.Legacy\n"));
    }

    [TestCase("My..Legacy")]
    [TestCase("My.class")]
    [TestCase("1st")]
    public void A_namespace_that_is_not_one_is_reported_and_nothing_is_generated(string ns)
    {
        string json = "{\"baseUrl\": \"https://x.example/v1\", \"entries\": []}";

        var result = ReferenceParser.Parse(new ReferenceFile("/refs/old.json", json, "Queue", Namespace: ns), CancellationToken.None);

        Assert.That(result.Services, Is.Empty);
        Assert.That(result.Diagnostics.Single().Id, Is.EqualTo("TCGEN018"));
    }
}
