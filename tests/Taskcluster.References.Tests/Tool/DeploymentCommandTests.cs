using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;
using WireMock.Server;

namespace Taskcluster.References.Tests.Tool;

/// <summary><c>update --root-url</c> against a made-up deployment served from loopback.</summary>
public sealed class DeploymentCommandTests
{
    private WireMockServer _server = null!;
    private TempRepository _repository = null!;
    private TestDeployment _deployment = null!;

    [SetUp]
    public void SetUp()
    {
        _server = WireMockServer.Start();
        _repository = new TempRepository(TestDeployment.LegacyApisJson());
        _deployment = new TestDeployment();
        _deployment.ServeFrom(_server);
    }

    [TearDown]
    public void TearDown()
    {
        _server.Stop();
        _repository.Dispose();
    }

    private string RootUrl => _server.Url!;

    private Task<ToolResult> UpdateAsync() => _repository.RunAsync("update", "--root-url", RootUrl);

    private string SchemasFolder => Path.Combine(_repository.Root, "references", "schemas");

    private static JsonElement Entry(string apisJson, string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(apisJson));
        return document.RootElement.GetProperty(name).Clone();
    }

    [Test]
    public async Task Update_writes_the_builtin_references_of_the_deployment_whole_under_their_class_names()
    {
        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        var queue = Entry(_repository.ApisJson, "Queue");
        var events = Entry(_repository.ApisJson, "QueueEvents");
        var index = Entry(_repository.ApisJson, "Index");
        Assert.That(queue.GetProperty("referenceUrl").GetString(), Is.EqualTo(RootUrl + TestDeployment.QueueApiPath));
        Assert.That(events.GetProperty("referenceUrl").GetString(), Is.EqualTo(RootUrl + TestDeployment.QueueExchangesPath));
        Assert.That(index.GetProperty("referenceUrl").GetString(), Is.EqualTo(RootUrl + TestDeployment.IndexApiPath));
        // Whole and unchanged, keys in the publisher's order: the canonical text of what was served.
        Assert.That(CanonicalJson.Format(queue.GetProperty("reference")), Is.EqualTo(CanonicalJson.Format(_deployment.Parsed(TestDeployment.QueueApiPath))));
        Assert.That(CanonicalJson.Format(events.GetProperty("reference")), Is.EqualTo(CanonicalJson.Format(_deployment.Parsed(TestDeployment.QueueExchangesPath))));
    }

    [Test]
    public async Task Update_keeps_entries_the_deployment_does_not_produce_byte_for_byte_and_drops_the_one_whose_class_it_takes()
    {
        string before = File.ReadAllText(_repository.ApisJson);

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        string after = File.ReadAllText(_repository.ApisJson);
        using var old = JsonDocument.Parse(before);
        using var @new = JsonDocument.Parse(after);
        foreach (string kept in new[] { "Auth", "Scheduler", "SchedulerEvents" })
        {
            Assert.That(@new.RootElement.GetProperty(kept).GetRawText(), Is.EqualTo(old.RootElement.GetProperty(kept).GetRawText()), kept);
        }
        // The 2014 "index" would generate the same class as the new "Index".
        Assert.That(@new.RootElement.EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "Auth", "Index", "Queue", "QueueEvents", "Scheduler", "SchedulerEvents" }));
        Assert.That(result.Out, Does.Contain("index: removed; Index replaces it"));
        Assert.That(result.Out, Does.Contain("Kept as they were (not produced by the deployment): Auth, Scheduler, SchedulerEvents."));
    }

    [Test]
    public async Task Update_stores_every_schema_the_references_use_transitively_and_no_other()
    {
        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(BuiltinTree.ReadTree(SchemasFolder).Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(TestDeployment.UsedSchemaFiles));
        Assert.That(result.Out, Does.Contain("3 references, 7 schema files (7 added, 0 changed, 0 removed)."));
        Assert.That(result.Out, Does.Contain("not fetched, outside the deployment: http://json-schema.org/draft-06/schema#"));
    }

    [Test]
    public async Task Update_stores_a_schema_as_canonical_two_space_json_with_a_final_newline()
    {
        await UpdateAsync();

        Assert.That(File.ReadAllText(Path.Combine(SchemasFolder, "queue", "v1", "task-status.json")), Is.EqualTo(TestDeployment.StoredTaskStatus));
    }

    [Test]
    public async Task Update_skips_kinds_it_does_not_read_and_services_outside_the_builtin_set_and_says_so()
    {
        var result = await UpdateAsync();

        Assert.That(result.Out, Does.Contain($"skipped {RootUrl}{TestDeployment.QueueLogsPath}: a logs reference"));
        Assert.That(result.Out, Does.Contain($"skipped {RootUrl}{TestDeployment.WebServerApiPath}: web-server api is not in the builtin set"));
        Assert.That(Entry(_repository.ApisJson, "Queue").ValueKind, Is.EqualTo(JsonValueKind.Object));
        using var document = JsonDocument.Parse(File.ReadAllText(_repository.ApisJson));
        Assert.That(document.RootElement.TryGetProperty("WebServer", out _), Is.False);
    }

    [Test]
    public async Task Update_warns_about_builtin_references_the_deployment_does_not_publish()
    {
        var result = await UpdateAsync();

        Assert.That(result.Error, Does.Contain("warning: the deployment publishes no auth api reference; Auth stays as it was."));
        Assert.That(result.Error, Does.Contain("warning: the deployment publishes no worker-manager exchanges reference; there is no WorkerManagerEvents."));
    }

    [Test]
    public async Task A_second_run_with_nothing_changed_leaves_every_file_byte_identical_and_untouched()
    {
        await UpdateAsync();
        var before = FolderSnapshot.Take(_repository.Root);

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(result.Out, Does.Contain("Nothing changed;"));
        Assert.That(result.Out, Does.Contain("Queue: unchanged (").And.Contain("0 added, 0 changed, 0 removed"));
        FolderSnapshot.Take(_repository.Root).AssertSameAs(before);
    }

    [Test]
    public async Task A_schema_the_references_no_longer_use_is_removed()
    {
        await UpdateAsync();
        // Drop createTask, the only user of create-task-request.json.
        using (var queue = JsonDocument.Parse(TestDeployment.QueueApi))
        {
            var entries = queue.RootElement.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("name").GetString() != "createTask");
            _deployment.Documents[TestDeployment.QueueApiPath] = TestDeployment.QueueApi.Replace(
                queue.RootElement.GetProperty("entries").GetRawText(), "[" + string.Join(",", entries.Select(e => e.GetRawText())) + "]");
        }
        _deployment.ServeFrom(_server);

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(result.Out, Does.Contain("Queue: changed (").And.Contain("6 schema files (0 added, 0 changed, 1 removed)"));
        Assert.That(File.Exists(Path.Combine(SchemasFolder, "queue", "v1", "create-task-request.json")), Is.False);
        Assert.That(File.Exists(Path.Combine(SchemasFolder, "queue", "v1", "task.json")), Is.True, "still used through task-status.json");
    }

    [Test]
    public async Task A_changed_schema_is_rewritten()
    {
        await UpdateAsync();
        _deployment.Documents["/schemas/common/payload.json"] = """{"$id": "/schemas/common/payload.json#", "type": "object"}""";
        _deployment.ServeFrom(_server);

        var result = await UpdateAsync();

        Assert.That(result.Out, Does.Contain("7 schema files (0 added, 1 changed, 0 removed)"));
        Assert.That(File.ReadAllText(Path.Combine(SchemasFolder, "common", "payload.json")),
            Is.EqualTo("{\n  \"$id\": \"/schemas/common/payload.json#\",\n  \"type\": \"object\"\n}\n"));
    }

    [TestCase("/schemas/queue/v1/task-status.json", 500, TestName = "A_schema_answering_500_fails_with_exit_4_and_changes_nothing")]
    [TestCase("/schemas/common/payload.json", 404, TestName = "A_missing_schema_fails_with_exit_4_and_changes_nothing")]
    [TestCase(TestDeployment.QueueExchangesPath, 503, TestName = "A_reference_that_cannot_be_fetched_fails_with_exit_4_and_changes_nothing")]
    [TestCase(Deployment.ManifestPath, 404, TestName = "A_missing_manifest_fails_with_exit_4_and_changes_nothing")]
    public async Task A_failed_fetch_changes_nothing(string path, int status)
    {
        // Start from a written tree, then change something upstream so that a partial write would show.
        await UpdateAsync();
        _deployment.Documents[TestDeployment.IndexApiPath] = TestDeployment.IndexApi.Replace("Index Service\"", "Index Service v2\"");
        _deployment.Failing[path] = status;
        _deployment.ServeFrom(_server);
        var before = FolderSnapshot.Take(_repository.Root);

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SourceUnavailable));
        Assert.That(result.Error, Does.Contain($"{RootUrl}{path}: failed: GET {RootUrl}{path} answered {status}"));
        Assert.That(result.Error, Does.Contain("error: nothing was written"));
        FolderSnapshot.Take(_repository.Root).AssertSameAs(before);
    }

    [Test]
    public async Task A_connection_cut_short_is_tried_again_and_the_update_succeeds()
    {
        const string Path1 = "/schemas/queue/v1/task.json";
        await using var server = await CuttingServer.StartAsync(_deployment, new Dictionary<string, int> { [Path1] = HttpDeployment.Attempts - 1 });

        var result = await _repository.RunAsync("update", "--root-url", server.Origin);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(server.RequestsFor(Path1), Is.EqualTo(HttpDeployment.Attempts));
        Assert.That(BuiltinTree.ReadTree(SchemasFolder).Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(TestDeployment.UsedSchemaFiles));
    }

    [Test]
    public async Task A_connection_cut_short_on_every_attempt_fails_with_exit_4_and_changes_nothing()
    {
        const string Path1 = "/schemas/queue/v1/task.json";
        await using var server = await CuttingServer.StartAsync(_deployment, new Dictionary<string, int> { [Path1] = HttpDeployment.Attempts });
        var before = FolderSnapshot.Take(_repository.Root);

        var result = await _repository.RunAsync("update", "--root-url", server.Origin);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SourceUnavailable), result.Error);
        Assert.That(result.Error, Does.Contain($"{server.Origin}{Path1}: failed: cannot reach {server.Origin}{Path1}: "));
        Assert.That(server.RequestsFor(Path1), Is.EqualTo(HttpDeployment.Attempts));
        FolderSnapshot.Take(_repository.Root).AssertSameAs(before);
    }

    [Test]
    public async Task An_error_status_is_an_answer_and_is_not_tried_again()
    {
        _deployment.Failing["/schemas/queue/v1/task.json"] = 500;
        _deployment.ServeFrom(_server);

        await UpdateAsync();

        Assert.That(_server.LogEntries.Count(l => l.RequestMessage.Path == "/schemas/queue/v1/task.json"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_schema_nobody_serves_is_reported_with_the_entry_that_uses_it()
    {
        _deployment.Documents.Remove("/schemas/queue/v1/task-defined-message.json");
        _deployment.ServeFrom(_server);
        byte[] before = _repository.ApisJsonBytes();

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SourceUnavailable));
        Assert.That(result.Error, Does.Contain("answered 404").And.Contain("It is used by QueueEvents entry taskDefined (schema)."));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
        Assert.That(Directory.Exists(SchemasFolder), Is.False);
    }

    [TestCase("{ not json", "is not valid JSON", TestName = "A_reference_that_is_not_json_fails_with_exit_5_and_changes_nothing")]
    [TestCase("""{"$schema": "/schemas/common/api-reference-v0.json#", "serviceName": "index", "entries": {}}""", "it has no \"entries\" array",
        TestName = "A_reference_without_an_entries_array_fails_with_exit_5_and_changes_nothing")]
    [TestCase("""{"serviceName": "index", "entries": []}""", "no \"$schema\"",
        TestName = "A_reference_without_a_schema_kind_fails_with_exit_5_and_changes_nothing")]
    public async Task A_malformed_reference_changes_nothing(string body, string problem)
    {
        await UpdateAsync();
        _deployment.Documents[TestDeployment.IndexApiPath] = body;
        _deployment.ServeFrom(_server);
        var before = FolderSnapshot.Take(_repository.Root);

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotAReference));
        Assert.That(result.Error, Does.Contain($"{RootUrl}{TestDeployment.IndexApiPath}: failed:").And.Contain(problem));
        FolderSnapshot.Take(_repository.Root).AssertSameAs(before);
    }

    [Test]
    public async Task A_reference_the_runtime_parser_rejects_fails_with_exit_5()
    {
        // The route names <taskId>, which 'args' does not list: no client could call it.
        _deployment.Documents[TestDeployment.QueueApiPath] = TestDeployment.QueueApi.Replace("\"route\": \"/task/<taskId>/status\"", "\"route\": \"/task/<taskId>/status/<runId>\"");
        _deployment.ServeFrom(_server);
        byte[] before = _repository.ApisJsonBytes();

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotAReference));
        Assert.That(result.Error, Does.Contain($"{RootUrl}{TestDeployment.QueueApiPath}: failed:").And.Contain("runId"));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_schema_link_that_leaves_the_schemas_folder_fails_with_exit_5()
    {
        _deployment.Documents["/schemas/common/payload.json"] = """{"type": "object", "properties": {"x": {"$ref": "../../references/manifest.json#"}}}""";
        _deployment.ServeFrom(_server);

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotAReference));
        Assert.That(result.Error, Does.Contain("/references/manifest.json, which is not a schema file below /schemas/"));
        Assert.That(Directory.Exists(SchemasFolder), Is.False);
    }

    [Test]
    public async Task Two_references_for_one_client_fail_with_exit_5()
    {
        _deployment.Documents["/references/queue/v2/api.json"] = TestDeployment.QueueApi.Replace("\"v1\"", "\"v2\"");
        _deployment.Documents[Deployment.ManifestPath] = _deployment.Documents[Deployment.ManifestPath]
            .Replace("\"references\": [", "\"references\": [\"/references/queue/v2/api.json\", ");
        _deployment.ServeFrom(_server);

        var result = await UpdateAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotAReference));
        Assert.That(result.Error, Does.Contain("it is a second queue api reference"));
    }

    [Test]
    public async Task A_root_url_that_is_not_an_http_url_is_a_usage_error()
    {
        var result = await _repository.RunAsync("update", "--root-url", "ftp://example.com");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Error, Does.Contain("is not a deployment's root URL"));
    }

    [Test]
    public async Task Names_together_with_a_root_url_are_a_usage_error()
    {
        var result = await _repository.RunAsync("update", "Queue", "--root-url", RootUrl);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
    }

    [Test]
    public async Task Update_by_name_refuses_a_deployment_reference_whose_schemas_would_be_left_behind()
    {
        await UpdateAsync();

        var byName = await _repository.RunAsync("update", "Queue");

        Assert.That(byName.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(byName.Error, Does.Contain("Queue comes from a deployment together with its schemas"));
    }

    [Test]
    public async Task Plain_update_refetches_the_2014_entries_and_skips_the_deployment_ones()
    {
        await UpdateAsync();
        // Point the 2014 entries at the loopback server, serving what they hold now.
        var file = ApisFile.Load(_repository.ApisJson);
        foreach (var entry in file.Entries.Where(e => !BuiltinServices.IsDeploymentReference(e.Reference)))
        {
            string path = "/legacy/" + entry.Name + ".json";
            _deployment.Documents[path] = entry.Reference.GetRawText();
            file.Set(entry with { ReferenceUrl = RootUrl + path });
        }
        file.Save();
        _deployment.ServeFrom(_server);
        var before = FolderSnapshot.Take(_repository.Root);

        var result = await _repository.RunAsync("update");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(result.Out, Does.Contain("Queue: skipped; it comes from a deployment").And.Contain("Scheduler: unchanged ("));
        Assert.That(_server.LogEntries.Select(l => l.RequestMessage.Path).Where(p => !p.StartsWith("/legacy/", StringComparison.Ordinal)), Is.Empty);
        FolderSnapshot.Take(_repository.Root).AssertSameAs(before);
    }
}

/// <summary>Every file below a folder with its bytes and last write time, to prove a command touched nothing.</summary>
internal sealed class FolderSnapshot
{
    private readonly Dictionary<string, (byte[] Bytes, DateTime Written)> _files;

    private FolderSnapshot(Dictionary<string, (byte[], DateTime)> files) => _files = files;

    public static FolderSnapshot Take(string root)
    {
        var files = new Dictionary<string, (byte[], DateTime)>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(root, path)] = (File.ReadAllBytes(path), File.GetLastWriteTimeUtc(path));
        }
        return new FolderSnapshot(files);
    }

    public void AssertSameAs(FolderSnapshot before)
    {
        Assert.That(_files.Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(before._files.Keys.OrderBy(k => k, StringComparer.Ordinal)),
            "the same files, and no temporary ones left");
        foreach (var (path, (bytes, written)) in before._files)
        {
            Assert.That(_files[path].Bytes, Is.EqualTo(bytes), path);
            Assert.That(_files[path].Written, Is.EqualTo(written), path + " was rewritten");
        }
    }
}
