using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;
using Taskcluster.Generators.Tests.Infrastructure;

namespace Taskcluster.Generators.Tests.Pipeline;

/// <summary>Each kind of bad reference gives its diagnostic at the exact place, and never an exception.</summary>
public sealed class DiagnosticTests
{
    private const string Path = "/refs/svc.json";
    private const string FineEntry = "{ \"type\": \"function\", \"name\": \"fine\", \"method\": \"get\", \"route\": \"/fine\", \"args\": [] }";

    /// <summary>An API reference whose entry on line 3 (zero-based) is <paramref name="entry"/>.</summary>
    private static string ApiWith(string entry) => ReferenceFiles.Lines(
        "{",
        "  \"baseUrl\": \"https://svc.example/v1\",",
        "  \"entries\": [",
        "    " + entry + ",",
        "    " + FineEntry,
        "  ]",
        "}");

    /// <summary>An exchange reference whose entry on line 3 (zero-based) is <paramref name="entry"/>.</summary>
    private static string ExchangesWith(string entry) => ReferenceFiles.Lines(
        "{",
        "  \"exchangePrefix\": \"svc/v1/\",",
        "  \"entries\": [",
        "    " + entry,
        "  ]",
        "}");

    private static GeneratorDriverRunResult Run(string text) => GeneratorRunner.Run(TestFile.Reference(Path, text));

    private static Diagnostic Only(GeneratorDriverRunResult result, string id)
    {
        Assert.That(result.Results[0].Exception, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { id }), string.Join("\n", result.Diagnostics));
        return result.Diagnostics[0];
    }

    private static void AssertAt(Diagnostic diagnostic, int line, int column)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.That(span.Path, Is.EqualTo(Path));
        Assert.That(span.StartLinePosition, Is.EqualTo(new LinePosition(line, column)), diagnostic.ToString());
    }

    private static int ColumnOf(string text, int line, string token) => text.Split('\n')[line].IndexOf(token, StringComparison.Ordinal);

    [Test]
    public void Invalid_json_is_TCGEN001_at_the_offending_character()
    {
        string text = ReferenceFiles.Lines("{", "  \"baseUrl\": \"https://svc.example/v1\"", "  \"entries\": []", "}");

        var diagnostic = Only(Run(text), "TCGEN001");

        AssertAt(diagnostic, 2, 2);
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }

    [Test]
    public void A_reference_without_entries_is_TCGEN002_at_its_opening_brace()
    {
        var diagnostic = Only(Run(ReferenceFiles.Lines("", "  {\"baseUrl\": \"https://svc.example/v1\", \"entrie\": []}")), "TCGEN002");

        AssertAt(diagnostic, 1, 2);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'entries'"));
    }

    [Test]
    public void A_reference_without_base_url_or_exchange_prefix_is_TCGEN002()
    {
        var diagnostic = Only(Run(ReferenceFiles.Lines("{", "  \"entries\": []", "}")), "TCGEN002");

        AssertAt(diagnostic, 0, 0);
        Assert.That(diagnostic.GetMessage(), Does.Contain("baseUrl").And.Contain("exchangePrefix"));
    }

    [Test]
    public void A_map_service_without_reference_is_TCGEN002_at_its_key()
    {
        var result = GeneratorRunner.Run(new TestFile("/refs/apis.json", ReferenceFiles.Lines("{", "  \"Svc\": {\"referenceUrl\": \"x\"}", "}")));

        var diagnostic = Only(result, "TCGEN002");

        Assert.That(diagnostic.Location.GetLineSpan().StartLinePosition, Is.EqualTo(new LinePosition(1, 2)));
    }

    [TestCase("name")]
    [TestCase("method")]
    [TestCase("route")]
    [TestCase("args")]
    public void A_function_missing_a_required_field_is_TCGEN003_and_the_rest_is_generated(string field)
    {
        var fields = new Dictionary<string, string>
        {
            ["name"] = "\"name\": \"broken\"", ["method"] = "\"method\": \"get\"", ["route"] = "\"route\": \"/b\"", ["args"] = "\"args\": []",
        };
        fields.Remove(field);
        string text = ApiWith("{ \"type\": \"function\", " + string.Join(", ", fields.Values) + " }");

        var result = Run(text);

        var diagnostic = Only(result, "TCGEN003");
        AssertAt(diagnostic, 3, 4);
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(diagnostic.GetMessage(), Does.Contain("'" + field + "'"));
        Assert.That(GeneratorRunner.Source(result, "Svc.g.cs"), Does.Contain("FineAsync").And.Not.Contain("BrokenAsync"));
    }

    [TestCase("exchange")]
    [TestCase("name")]
    [TestCase("routingKey")]
    public void An_exchange_missing_a_required_field_is_TCGEN003(string field)
    {
        var fields = new Dictionary<string, string>
        {
            ["exchange"] = "\"exchange\": \"e\"", ["name"] = "\"name\": \"happened\"", ["routingKey"] = "\"routingKey\": []",
        };
        fields.Remove(field);

        var diagnostic = Only(Run(ExchangesWith("{ \"type\": \"topic-exchange\", " + string.Join(", ", fields.Values) + " }")), "TCGEN003");

        AssertAt(diagnostic, 3, 4);
        Assert.That(diagnostic.GetMessage(), Does.Contain("'" + field + "'"));
    }

    [Test]
    public void A_route_placeholder_without_an_arg_is_TCGEN004_at_the_route()
    {
        string text = ApiWith("{ \"type\": \"function\", \"name\": \"get\", \"method\": \"get\", \"route\": \"/a/<id>/<other>\", \"args\": [\"id\"] }");

        var diagnostic = Only(Run(text), "TCGEN004");

        AssertAt(diagnostic, 3, ColumnOf(text, 3, "\"/a/<id>"));
        Assert.That(diagnostic.GetMessage(), Does.Contain("<other>"));
    }

    [Test]
    public void An_arg_missing_from_the_route_is_TCGEN005_at_the_arg()
    {
        string text = ApiWith("{ \"type\": \"function\", \"name\": \"get\", \"method\": \"get\", \"route\": \"/a/<id>\", \"args\": [\"id\", \"extra\"] }");

        var diagnostic = Only(Run(text), "TCGEN005");

        AssertAt(diagnostic, 3, ColumnOf(text, 3, "\"extra\""));
    }

    [Test]
    public void An_unknown_entry_type_is_TCGEN006_at_the_type()
    {
        string text = ApiWith("{ \"type\": \"topic-exchange\", \"name\": \"x\" }");

        var diagnostic = Only(Run(text), "TCGEN006");

        AssertAt(diagnostic, 3, ColumnOf(text, 3, "\"topic-exchange\""));
        Assert.That(diagnostic.GetMessage(), Does.Contain("'function'"));
    }

    [Test]
    public void Two_names_that_pascal_case_alike_are_TCGEN007_on_the_second()
    {
        string text = ApiWith("{ \"type\": \"function\", \"name\": \"Fine\", \"method\": \"post\", \"route\": \"/f\", \"args\": [] }");

        var diagnostic = Only(Run(text), "TCGEN007");

        AssertAt(diagnostic, 4, ColumnOf(text, 4, "\"fine\""));
        Assert.That(diagnostic.GetMessage(), Does.Contain("FineAsync"));
    }

    [Test]
    public void A_name_that_is_not_an_identifier_is_TCGEN008()
    {
        string text = ApiWith("{ \"type\": \"function\", \"name\": \"get-thing\", \"method\": \"get\", \"route\": \"/t\", \"args\": [] }");

        var diagnostic = Only(Run(text), "TCGEN008");

        AssertAt(diagnostic, 3, ColumnOf(text, 3, "\"get-thing\""));
    }

    [Test]
    public void An_arg_that_is_not_an_identifier_is_TCGEN008()
    {
        string text = ApiWith("{ \"type\": \"function\", \"name\": \"get\", \"method\": \"get\", \"route\": \"/t/<task-id>\", \"args\": [\"task-id\"] }");

        var diagnostic = Only(Run(text), "TCGEN008");

        AssertAt(diagnostic, 3, ColumnOf(text, 3, "\"task-id\"]"));
    }

    [TestCase("call", "CallAsync")]
    [TestCase("build", "BuildUrl")]
    [TestCase("base", "BaseUrl")]
    public void A_name_colliding_with_the_base_class_is_TCGEN009(string name, string member)
    {
        string text = ApiWith("{ \"type\": \"function\", \"name\": \"" + name + "\", \"method\": \"get\", \"route\": \"/t\", \"args\": [] }");

        var diagnostic = Only(Run(text), "TCGEN009");
        AssertAt(diagnostic, 3, ColumnOf(text, 3, "\"" + name + "\""));
        Assert.That(diagnostic.GetMessage(), Does.Contain(member));
    }

    [TestCase("bind")]
    [TestCase("entries")]
    [TestCase("svc")]
    public void An_exchange_name_colliding_with_the_base_class_or_the_class_is_TCGEN009(string name)
    {
        string text = ExchangesWith("{ \"type\": \"topic-exchange\", \"name\": \"" + name + "\", \"exchange\": \"e\", \"routingKey\": [] }");

        var diagnostic = Only(Run(text), "TCGEN009");

        AssertAt(diagnostic, 3, ColumnOf(text, 3, "\"" + name + "\""));
    }

    [Test]
    public void A_class_name_that_is_not_an_identifier_is_TCGEN010()
    {
        var result = GeneratorRunner.Run(TestFile.Reference(Path, "{\"baseUrl\": \"https://svc.example/v1\", \"entries\": []}", className: "9Lives"));

        var diagnostic = Only(result, "TCGEN010");

        AssertAt(diagnostic, 0, 0);
        Assert.That(result.Results[0].GeneratedSources, Is.Empty);
    }

    [Test]
    public void Two_keys_that_give_the_same_class_are_TCGEN011_on_the_second()
    {
        string reference = "{\"reference\": {\"baseUrl\": \"https://svc.example/v1\", \"entries\": []}}";
        var result = GeneratorRunner.Run(new TestFile("/refs/apis.json", ReferenceFiles.Lines("{", "  \"svc\": " + reference + ",", "  \"Svc\": " + reference, "}")));

        var diagnostic = Only(result, "TCGEN011");

        Assert.That(diagnostic.Location.GetLineSpan().StartLinePosition, Is.EqualTo(new LinePosition(2, 2)));
        Assert.That(result.Results[0].GeneratedSources.Select(s => s.HintName), Is.EqualTo(new[] { "Svc.g.cs" }));
    }

    [Test]
    public void Two_files_that_give_the_same_class_are_TCGEN011_on_the_later_path_and_one_class_is_generated()
    {
        string reference = "{\"baseUrl\": \"https://svc.example/v1\", \"entries\": []}";

        var result = GeneratorRunner.Run(TestFile.Reference("/refs/b/svc.json", reference), TestFile.Reference("/refs/a/svc.json", reference));

        var diagnostic = Only(result, "TCGEN011");
        Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo("/refs/b/svc.json"));
        Assert.That(result.Results[0].GeneratedSources.Select(s => s.HintName), Is.EqualTo(new[] { "Svc.g.cs" }));
    }

    [Test]
    public void A_field_of_the_wrong_type_is_TCGEN012_at_the_value()
    {
        string text = ApiWith("{ \"type\": \"function\", \"name\": \"get\", \"method\": \"get\", \"route\": \"/t\", \"args\": \"none\" }");

        var diagnostic = Only(Run(text), "TCGEN012");

        AssertAt(diagnostic, 3, ColumnOf(text, 3, "\"none\""));
    }

    [Test]
    public void A_reference_with_both_base_url_and_exchange_prefix_is_TCGEN013()
    {
        string text = ReferenceFiles.Lines("{", "  \"baseUrl\": \"https://svc.example/v1\",", "  \"exchangePrefix\": \"svc/\",", "  \"entries\": []", "}");

        var diagnostic = Only(Run(text), "TCGEN013");

        AssertAt(diagnostic, 2, 20);
    }

    [Test]
    public void A_file_that_is_not_an_object_is_TCGEN013()
    {
        Only(Run("[1, 2]"), "TCGEN013");
    }

    [TestCase("[\"id\", \"id\"]", "/t/<id>")]
    [TestCase("[\"payload\"]", "/t/<payload>")]
    public void A_repeated_or_reserved_parameter_name_is_TCGEN014(string args, string route)
    {
        string text = ApiWith("{ \"type\": \"function\", \"name\": \"get\", \"method\": \"put\", \"route\": \"" + route + "\", \"args\": " + args + ", \"input\": \"x\" }");

        Only(Run(text), "TCGEN014");
    }

    [Test]
    public void An_unreadable_file_is_TCGEN015()
    {
        var driver = GeneratorRunner.CreateDriver(
            new AdditionalText[] { new UnreadableText("/refs/apis.json") }.ToImmutableArray(), new TestOptionsProvider(new()));

        var result = driver.RunGenerators(GeneratorRunner.EmptyCompilation()).GetRunResult();

        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "TCGEN015" }));
    }

    [Test]
    public void Garbage_input_gives_diagnostics_without_an_exception_and_valid_files_still_generate()
    {
        var garbage = new[]
        {
            TestFile.Reference("/refs/garbage1.json", "\u0000\u0001 not json at all {{{"),
            TestFile.Reference("/refs/garbage2.json", "{\"entries\": [1, null, {\"type\": 7}, {\"type\": \"function\", \"args\": [{}], \"name\": []}]}"),
            TestFile.Reference("/refs/garbage3.json", "{\"exchangePrefix\": 5, \"entries\": {}}"),
            TestFile.Reference("/refs/garbage4.json", "{\"exchangePrefix\": \"p/\", \"entries\": [{\"type\": \"topic-exchange\", \"name\": \"n\", \"exchange\": \"\", \"routingKey\": [5, {\"name\": 1}]}]}"),
            TestFile.Reference("/refs/garbage5.json", new string('[', 5000)),
            TestFile.Reference("/refs/garbage6.json", ""),
            GeneratorRunner.BuiltinApis(),
        };

        var result = GeneratorRunner.Run(garbage);

        Assert.That(result.Results[0].Exception, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.Location.GetLineSpan().Path).Distinct().Count(), Is.EqualTo(6));
        Assert.That(result.Results[0].GeneratedSources.Select(s => s.HintName), Is.SupersetOf(new[]
        {
            "Auth.g.cs", "Queue.g.cs", "Scheduler.g.cs", "Index.g.cs", "QueueEvents.g.cs", "SchedulerEvents.g.cs",
        }));
    }

    [Test]
    public void Every_diagnostic_id_is_recorded_in_the_unshipped_release_notes()
    {
        string notes = System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "AnalyzerReleases.Unshipped.md"));

        foreach (var descriptor in Taskcluster.Generators.Roslyn.DiagnosticDescriptors.All)
        {
            Assert.That(notes, Does.Contain(descriptor.Id + " | Taskcluster | " + descriptor.DefaultSeverity), descriptor.Id);
        }
    }

    private sealed class UnreadableText : AdditionalText
    {
        public UnreadableText(string path) => Path = path;

        public override string Path { get; }

        public override SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) => null;
    }
}
