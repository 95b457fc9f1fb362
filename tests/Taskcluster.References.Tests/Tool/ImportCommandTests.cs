using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.References.Tests.Tool;

/// <summary><c>import FILE</c>: the same as <c>update --root-url</c>, from a saved <c>references.json</c>.</summary>
public sealed class ImportCommandTests
{
    private TempRepository _repository = null!;
    private TestDeployment _deployment = null!;
    private string _file = null!;

    [SetUp]
    public void SetUp()
    {
        _repository = new TempRepository(TestDeployment.LegacyApisJson());
        _deployment = new TestDeployment();
        // Outside the repository's references folder, so that it is not part of the snapshots below.
        _file = Path.Combine(_repository.Root, "references.json");
        _deployment.SaveAsReferencesFile(_file);
    }

    [TearDown]
    public void TearDown() => _repository.Dispose();

    private Task<ToolResult> ImportAsync() => _repository.RunAsync("import", _file);

    private string SchemasFolder => Path.Combine(_repository.Root, "references", "schemas");

    [Test]
    public async Task Import_records_each_reference_under_its_path_below_the_root_url()
    {
        var result = await ImportAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        using var document = JsonDocument.Parse(File.ReadAllText(_repository.ApisJson));
        var urls = document.RootElement.EnumerateObject()
            .Where(p => p.Name is "Index" or "Queue" or "QueueEvents")
            .Select(p => p.Value.GetProperty("referenceUrl").GetString());
        Assert.That(urls, Is.EqualTo(new[] { TestDeployment.IndexApiPath, TestDeployment.QueueApiPath, TestDeployment.QueueExchangesPath }));
        Assert.That(CanonicalJson.Format(document.RootElement.GetProperty("QueueEvents").GetProperty("reference")),
            Is.EqualTo(CanonicalJson.Format(_deployment.Parsed(TestDeployment.QueueExchangesPath))));
    }

    [Test]
    public async Task Import_writes_the_same_schemas_as_an_update_from_the_live_deployment()
    {
        var result = await ImportAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(BuiltinTree.ReadTree(SchemasFolder).Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(TestDeployment.UsedSchemaFiles));
        Assert.That(File.ReadAllText(Path.Combine(SchemasFolder, "queue", "v1", "task-status.json")), Is.EqualTo(TestDeployment.StoredTaskStatus));
        Assert.That(result.Out, Does.Contain("skipped references/queue/v1/logs.json (in references.json): a logs reference"));
    }

    [Test]
    public async Task A_second_import_of_the_same_file_leaves_every_file_byte_identical_and_untouched()
    {
        await ImportAsync();
        var before = FolderSnapshot.Take(Path.Combine(_repository.Root, "references"));

        var result = await ImportAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(result.Out, Does.Contain("Nothing changed;"));
        FolderSnapshot.Take(Path.Combine(_repository.Root, "references")).AssertSameAs(before);
    }

    [Test]
    public async Task A_schema_missing_from_the_file_fails_with_exit_4_and_changes_nothing()
    {
        await ImportAsync();
        _deployment.Documents[TestDeployment.IndexApiPath] = TestDeployment.IndexApi.Replace("Index Service\"", "Index Service v2\"");
        _deployment.Documents.Remove("/schemas/queue/v1/task.json");
        _deployment.SaveAsReferencesFile(_file);
        var before = FolderSnapshot.Take(Path.Combine(_repository.Root, "references"));

        var result = await ImportAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SourceUnavailable));
        Assert.That(result.Error, Does.Contain("schemas/queue/v1/task.json (in references.json): failed: references.json has no document 'schemas/queue/v1/task.json'."));
        FolderSnapshot.Take(Path.Combine(_repository.Root, "references")).AssertSameAs(before);
    }

    [Test]
    public async Task A_malformed_reference_in_the_file_fails_with_exit_5_and_changes_nothing()
    {
        _deployment.Documents[TestDeployment.QueueExchangesPath] = """{"$schema": "/schemas/common/exchanges-reference-v0.json#", "serviceName": "queue", "entries": [{"name": "x", "schema": 5}]}""";
        _deployment.SaveAsReferencesFile(_file);
        byte[] before = _repository.ApisJsonBytes();

        var result = await ImportAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotAReference));
        Assert.That(result.Error, Does.Contain("entry x: \"schema\" is not a schema id string."));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
        Assert.That(Directory.Exists(SchemasFolder), Is.False);
    }

    [TestCase("{\"filename\": \"x\"}", TestName = "A_file_that_is_not_a_list_fails_with_exit_5")]
    [TestCase("[{\"filename\": \"references/manifest.json\"}]", TestName = "A_file_item_without_content_fails_with_exit_5")]
    [TestCase("[{\"filename\": \"a\", \"content\": {}}, {\"filename\": \"a\", \"content\": {}}]", TestName = "A_file_listing_a_document_twice_fails_with_exit_5")]
    public async Task A_malformed_file_fails_with_exit_5(string text)
    {
        File.WriteAllText(_file, text);
        byte[] before = _repository.ApisJsonBytes();

        var result = await ImportAsync();

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.NotAReference));
        Assert.That(_repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_file_that_does_not_exist_fails_with_exit_4()
    {
        var result = await _repository.RunAsync("import", Path.Combine(_repository.Root, "nowhere.json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.SourceUnavailable));
        Assert.That(result.Error, Does.StartWith("error: cannot read "));
    }

    [Test]
    public async Task Import_without_a_file_is_a_usage_error()
    {
        var result = await _repository.RunAsync("import");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Error, Does.Contain("usage: tc-references import <references.json>"));
    }
}
