using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.References.Tests.Tool;

public sealed class DocsCommandTests
{
    private static string RenderBuiltins() => ApiDocs.Render(Reference.LoadMapFile(TestData.ApisJsonPath));

    [Test]
    public void A_method_with_a_result_is_documented_with_its_json_and_generic_overloads()
    {
        string docs = RenderBuiltins();

        Assert.That(docs, Does.Contain("Task<JsonElement> queue.CreateTaskAsync(string taskId, object payload) : result\n")
            .And.Contain("Task<TResult> queue.CreateTaskAsync<TResult>(string taskId, object payload) : result\n"));
    }

    [Test]
    public void A_method_without_a_result_is_void()
    {
        string docs = RenderBuiltins();

        Assert.That(docs, Does.Contain("Task queue.GetArtifactAsync(string taskId, string runId, string name) : void\n"));
    }

    [Test]
    public void Every_method_has_a_url_builder_and_only_get_methods_a_signed_url()
    {
        string docs = RenderBuiltins();

        Assert.That(docs, Does.Contain("string queue.CreateTaskUrl(string taskId)\n")
            .And.Not.Contain("CreateTaskSignedUrl")
            .And.Contain("string queue.GetTaskSignedUrl(string taskId, TimeSpan? expiration = null)\n"));
    }

    [Test]
    public void Keyword_arguments_are_escaped_and_lower_case_names_become_pascal_case_classes()
    {
        string docs = RenderBuiltins();

        Assert.That(docs, Does.Contain("var index = new Index(options); // legacy (2014 format); default base URL: https://index.taskcluster.net/v1\n")
            .And.Contain("index.FindAsync(string @namespace) : result"));
    }

    [Test]
    public void Todays_references_show_the_root_url_query_parameters_pages_and_scopes()
    {
        var references = new Dictionary<string, Reference>
        {
            ["Index"] = Reference.Parse("""
                { "serviceName": "index", "apiVersion": "v1", "entries": [
                  { "type": "function", "name": "listTasks", "method": "get", "route": "/tasks/<namespace>", "args": ["namespace"],
                    "query": ["continuationToken", "limit"], "output": "v1/list-tasks-response.json#",
                    "scopes": { "AnyOf": ["index:list:<namespace>", "index:list-all"] } } ] }
                """),
        };

        string docs = ApiDocs.Render(references);

        Assert.That(docs, Does.Contain("var index = new Index(options); // <rootUrl>/api/index/v1\n")
            .And.Contain("// scopes: any of: index:list:<namespace>; index:list-all\n")
            .And.Contain("Task<JsonElement> index.ListTasksAsync(string @namespace, string? continuationToken = null, int? limit = null) : result\n")
            .And.Contain("IAsyncEnumerable<JsonElement> index.ListTasksPagesAsync(string @namespace, int? limit = null) : pages\n")
            .And.Contain("string index.ListTasksSignedUrl(string @namespace, string? continuationToken = null, int? limit = null, TimeSpan? expiration = null)\n"));
    }

    [Test]
    public void Exchange_methods_take_the_non_constant_routing_key_elements_and_a_pattern()
    {
        var references = new Dictionary<string, Reference>
        {
            ["TestEvents"] = Reference.Parse(TestData.MockReferenceSection().GetProperty("reference")),
        };

        string docs = ApiDocs.Render(references);

        Assert.That(docs, Does.Contain("var testEvents = new TestEvents(options); // default exchange prefix: taskcluster-client/test/\n")
            .And.Contain("Binding testEvents.TestExchange(string? testId = null, string? taskRoutingKey = null, string? state = null, string? index = null) : Binding\n")
            .And.Contain("Binding testEvents.TestExchange(RoutingPattern pattern) : Binding\n"));
    }

    [Test]
    public async Task Running_docs_twice_changes_nothing_the_second_time()
    {
        using var repository = new TempRepository();
        await repository.RunAsync("docs");
        string first = File.ReadAllText(repository.Readme);

        var result = await repository.RunAsync("docs");

        Assert.That(File.ReadAllText(repository.Readme), Is.EqualTo(first));
        Assert.That(result.Out, Does.Contain("up to date"));
    }

    [Test]
    public async Task Docs_keeps_the_text_around_the_markers()
    {
        using var repository = new TempRepository();

        await repository.RunAsync("docs");

        string readme = File.ReadAllText(repository.Readme);
        Assert.That(readme, Does.StartWith("# Title\n\nIntro.\n\n<!-- BEGIN API DOCS -->\n\n## API reference\n")
            .And.EndWith("```\n\n<!-- END API DOCS -->\n\n## After\n"));
    }

    [Test]
    public async Task Check_passes_on_an_up_to_date_readme()
    {
        using var repository = new TempRepository();
        await repository.RunAsync("docs");

        var result = await repository.RunAsync("docs", "--check");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success));
    }

    [Test]
    public async Task Check_fails_on_a_stale_section_says_where_and_does_not_write()
    {
        using var repository = new TempRepository();
        await repository.RunAsync("docs");
        await repository.RunAsync("remove", "Auth");
        string stale = File.ReadAllText(repository.Readme);

        var result = await repository.RunAsync("docs", "--check");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.OutOfDate));
        Assert.That(result.Error, Does.Contain("out of date").And.Contain("expected \"### Queue\", found \"### Auth\""));
        Assert.That(File.ReadAllText(repository.Readme), Is.EqualTo(stale));
    }

    [Test]
    public async Task A_readme_without_markers_is_an_error_that_names_the_markers()
    {
        using var repository = new TempRepository();
        File.WriteAllText(repository.Readme, "# Nothing here\n");

        var result = await repository.RunAsync("docs");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInputFile));
        Assert.That(result.Error, Does.Contain("<!-- BEGIN API DOCS -->"));
    }

    [Test]
    public async Task A_readme_with_windows_line_endings_keeps_them()
    {
        using var repository = new TempRepository();
        File.WriteAllText(repository.Readme, "# T\r\n<!-- BEGIN API DOCS -->\r\n<!-- END API DOCS -->\r\n");

        await repository.RunAsync("docs");

        Assert.That(File.ReadAllText(repository.Readme).Replace("\r\n", ""), Does.Not.Contain("\n"));
    }
}
