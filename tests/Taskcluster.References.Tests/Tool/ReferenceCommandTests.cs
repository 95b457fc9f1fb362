using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.References.Tests.Tool;

public sealed class ReferenceCommandTests
{
    [Test]
    public async Task List_prints_every_name_with_its_source_url()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("list");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success));
        var lines = result.Out.TrimEnd().Split('\n');
        Assert.That(lines.Select(l => l.Split(' ')[0]), Is.EqualTo(new[] { "Auth", "Queue", "QueueEvents", "Scheduler", "SchedulerEvents", "index" }));
        Assert.That(lines[1], Does.EndWith("http://references.taskcluster.net/queue/v1/api.json"));
    }

    [Test]
    public async Task The_default_file_is_found_by_walking_up_to_the_solution_folder()
    {
        using var repository = new TempRepository();
        string nested = Directory.CreateDirectory(Path.Combine(repository.Root, "src", "deep")).FullName;
        using var stdout = new StringWriter();

        int code = await Program.RunAsync(new[] { "list" }, stdout, TextWriter.Null, nested);

        Assert.That(code, Is.EqualTo(ExitCodes.Success));
        Assert.That(stdout.ToString(), Does.Contain("QueueEvents"));
    }

    [Test]
    public async Task Show_prints_the_reference_as_two_space_indented_json()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("show", "Queue", "--file", repository.ApisJson);

        Assert.That(result.Out, Does.StartWith("{\n  \"version\": \"0.2.0\",\n  \"title\": \"Queue API Documentation\","));
        using var shown = JsonDocument.Parse(result.Out);
        Assert.That(shown.RootElement.GetProperty("entries").GetArrayLength(), Is.EqualTo(Reference.ParseMap(File.ReadAllText(repository.ApisJson))["Queue"].ApiEntries.Count));
    }

    [Test]
    public async Task Show_of_an_unknown_name_fails_and_points_to_the_right_case()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("show", "queue");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UnknownOrExistingName));
        Assert.That(result.Error, Does.Contain("'queue'").And.Contain("Did you mean 'Queue'?"));
    }

    [Test]
    public async Task Remove_deletes_only_the_named_reference()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("remove", "Scheduler");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(Reference.LoadMapFile(repository.ApisJson).Keys,
            Is.EquivalentTo(new[] { "Auth", "Queue", "QueueEvents", "SchedulerEvents", "index" }));
    }

    [Test]
    public async Task Removing_an_unknown_name_fails_and_leaves_the_file_untouched()
    {
        using var repository = new TempRepository();
        byte[] before = repository.ApisJsonBytes();

        var result = await repository.RunAsync("remove", "Nope");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.UnknownOrExistingName));
        Assert.That(repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task Removing_and_adding_back_from_a_file_restores_the_exact_bytes()
    {
        using var repository = new TempRepository();
        byte[] before = repository.ApisJsonBytes();
        string saved = Path.Combine(repository.Root, "auth.json");
        File.WriteAllText(saved, (await repository.RunAsync("show", "Auth")).Out);
        await repository.RunAsync("remove", "Auth");

        var result = await repository.RunAsync("add", "Auth", saved, "--reference-url", "http://references.taskcluster.net/auth/v1/api.json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(repository.ApisJsonBytes(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_reference_added_from_a_file_records_its_path_relative_to_the_references_folder()
    {
        using var repository = new TempRepository();
        string file = Path.Combine(repository.Root, "mine", "exchanges.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, TestData.MockReferenceSection().GetProperty("reference").GetRawText());

        await repository.RunAsync("add", "TestEvents", file);

        Assert.That(Reference.LoadMapFile(repository.ApisJson)["TestEvents"].ReferenceUrl, Is.EqualTo("../mine/exchanges.json"));
    }

    [Test]
    public async Task A_name_that_cannot_be_a_class_name_is_a_usage_error()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("add", "my-service", "whatever.json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
    }

    [Test]
    public async Task An_unknown_command_is_a_usage_error()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("frobnicate");

        Assert.That((result.ExitCode, result.Error), Is.EqualTo((ExitCodes.Usage, "error: unknown command 'frobnicate'.\nRun 'tc-references --help' for usage.\n")));
    }

    [Test]
    public async Task An_option_the_command_does_not_take_is_a_usage_error()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("list", "--force");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
    }

    [Test]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("--help");

        Assert.That(result.Out, Does.Contain("update [<name>...]").And.Contain("update --root-url <url>").And.Contain("import <references.json>")
            .And.Contain("Exit codes:").And.Contain("6  the references file"));
    }

    [Test]
    public async Task Help_for_one_command_lists_its_arguments_and_options()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("add", "--help");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(result.Out, Does.Contain("tc-references add <name> <url-or-file>").And.Contain("--force").And.Contain("--reference-url <url>"));
        Assert.That(result.Out, Does.Not.Contain("Exit codes:"), "the overview is for tc-references --help");
    }

    [Test]
    public async Task The_file_option_may_come_before_the_command()
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync("--file", repository.ApisJson, "list");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.Error);
        Assert.That(result.Out, Does.Contain("QueueEvents"));
    }

    [TestCase("show")]                          // missing <name>
    [TestCase("show", "Queue", "Index")]        // one too many
    [TestCase("docs", "--readme")]              // an option without its value
    public async Task A_command_line_that_does_not_fit_the_command_is_a_usage_error_with_its_usage_line(params string[] args)
    {
        using var repository = new TempRepository();

        var result = await repository.RunAsync(args);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(result.Error, Does.StartWith("error: ").And.Contain($"usage: tc-references {args[0]}"));
    }

    [Test]
    public async Task A_malformed_references_file_is_reported_with_the_json_path()
    {
        using var repository = new TempRepository();
        File.WriteAllText(repository.ApisJson, """{ "Queue": { "referenceUrl": "x", "reference": { "baseUrl": "https://q/v1", "entries": [ { "type": "function" } ] } } }""");

        var result = await repository.RunAsync("list");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInputFile));
        Assert.That(result.Error, Does.Contain("Queue.reference.entries[0]"));
    }
}
