using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.References.Tests.References;

public sealed class ReferenceParsingTests
{
    [Test]
    public void An_api_reference_is_read_with_its_title_base_url_and_every_entry()
    {
        string json = TestData.QueueReferenceJson();
        using var document = JsonDocument.Parse(json);

        var reference = Reference.Parse(json);

        Assert.That(reference.Kind, Is.EqualTo(ReferenceKind.Api));
        Assert.That(reference.Title, Is.EqualTo(document.RootElement.GetProperty("title").GetString()));
        Assert.That(reference.BaseUrl, Is.EqualTo("https://queue.taskcluster.net/v1"));
        Assert.That(reference.ApiEntries.Select(e => e.Name),
            Is.EqualTo(document.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString())));
    }

    [Test]
    public void A_function_entry_keeps_its_method_route_args_and_payload_flags()
    {
        var reference = Reference.Parse(TestData.QueueReferenceJson());

        var createTask = reference.ApiEntries.Single(e => e.Name == "createTask");

        Assert.That((createTask.Method.Method, createTask.Route, createTask.Args, createTask.HasInput, createTask.HasOutput),
            Is.EqualTo(("PUT", "/task/<taskId>", new[] { "taskId" }, true, true)));
    }

    [Test]
    public void An_exchange_reference_is_read_with_its_prefix_and_routing_keys()
    {
        var section = TestData.MockReferenceSection();

        var reference = Reference.Parse(section.GetProperty("reference"));

        Assert.That(reference.Kind, Is.EqualTo(ReferenceKind.Exchanges));
        Assert.That(reference.ExchangePrefix, Is.EqualTo("taskcluster-client/test/"));
        var first = reference.ExchangeEntries[0];
        Assert.That(first.RoutingKey.Select(k => (k.Name, k.Constant, k.MultipleWords, k.MaxSize)), Is.EqualTo(new[]
        {
            ("const", (string?)"my-constant", false, 0),
            ("testId", null, false, 22),
            ("taskRoutingKey", null, true, 128),
            ("state", null, false, 16),
            ("index", null, false, 3),
        }));
    }

    [Test]
    public void A_reference_read_from_a_stream_has_the_same_entries_as_one_read_from_text()
    {
        string json = TestData.QueueReferenceJson();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var reference = Reference.Parse(stream);

        Assert.That(reference.ApiEntries.Select(e => e.ToString()), Is.EqualTo(Reference.Parse(json).ApiEntries.Select(e => e.ToString())));
    }

    [Test]
    public async Task A_reference_can_be_read_from_a_stream_asynchronously()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(TestData.QueueReferenceJson()));

        var reference = await Reference.ParseAsync(stream);

        Assert.That(reference.BaseUrl, Is.EqualTo("https://queue.taskcluster.net/v1"));
    }

    [Test]
    public void A_reference_file_is_read_from_disk()
    {
        string path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");
        File.WriteAllText(path, TestData.QueueReferenceJson());
        try
        {
            var reference = Reference.LoadFile(path);

            Assert.That(reference.ApiEntries.Any(e => e.Name == "getTask"), Is.True);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_builtin_map_is_read_by_name_with_each_reference_url()
    {
        var references = Reference.LoadMapFile(TestData.ApisJsonPath);

        Assert.That(references.Keys, Is.EquivalentTo(new[] { "Auth", "Queue", "QueueEvents", "Scheduler", "SchedulerEvents", "index" }));
        Assert.That(references["QueueEvents"].Kind, Is.EqualTo(ReferenceKind.Exchanges));
        Assert.That(references["Queue"].ReferenceUrl, Is.EqualTo("http://references.taskcluster.net/queue/v1/api.json"));
    }
}
