using System.IO;
using NUnit.Framework;

namespace Taskcluster.References.Tests.References;

public sealed class MalformedReferenceTests
{
    private const string ValidFunction =
        """{ "type": "function", "name": "getThing", "method": "get", "route": "/thing/<id>", "args": ["id"] }""";

    [Test]
    public void Invalid_json_is_reported_with_its_line_and_byte()
    {
        string json = "{\n  \"title\": \"x\",\n  \"entries\": [,]\n}";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That((error.LineNumber, error.ColumnNumber, error.RuleId), Is.EqualTo(((long?)3, (long?)15, "TCGEN001")));
        Assert.That(error.Message, Does.Contain("line 3, column 15").And.Contain("not valid JSON"));
    }

    [Test]
    public void A_reference_without_entries_says_the_entries_are_missing()
    {
        string json = """{ "title": "T", "baseUrl": "https://example.com/v1" }""";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.Message, Does.Contain("TCGEN002 at line 1, column 1").And.Contain("has no 'entries'"));
    }

    [Test]
    public void A_route_placeholder_without_an_arg_names_the_route()
    {
        string json = "{ \"baseUrl\": \"https://example.com/v1\", \"entries\": [ " + ValidFunction + ", " +
            """{ "type": "function", "name": "getRun", "method": "get", "route": "/task/<taskId>/runs/<runId>", "args": ["taskId"] }""" +
            " ] }";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.JsonPath, Is.EqualTo("entries[1].route"));
        Assert.That(error.Message, Does.Contain("at entries[1].route").And.Contain("<runId>"));
    }

    [Test]
    public void An_arg_that_is_not_in_the_route_names_the_arg()
    {
        string json = """
            { "baseUrl": "https://example.com/v1", "entries": [
              { "type": "function", "name": "ping", "method": "get", "route": "/ping", "args": ["extra"] } ] }
            """;

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.JsonPath, Is.EqualTo("entries[0].args[0]"));
    }

    [Test]
    public void An_unknown_entry_type_names_the_type_and_the_expected_ones()
    {
        string json = """{ "baseUrl": "https://example.com/v1", "entries": [ { "type": "procedure", "name": "x" } ] }""";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.JsonPath, Is.EqualTo("entries[0].type"));
        Assert.That(error.Message, Does.Contain("TCGEN006 at entries[0].type").And.Contain("'procedure'").And.Contain("'function'"));
    }

    [Test]
    public void An_api_reference_without_a_base_url_says_the_base_url_is_missing()
    {
        string json = "{ \"title\": \"T\", \"entries\": [ " + ValidFunction + " ] }";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.Message, Does.Contain("has no 'serviceName'").And.Contain("\"baseUrl\" (2014 format)"));
    }

    [Test]
    public void A_property_of_the_wrong_type_names_its_path_and_what_was_found()
    {
        string json = """{ "baseUrl": "https://example.com/v1", "entries": [ { "type": "function", "name": "x", "method": "get", "route": "/x", "args": "id" } ] }""";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.Message, Does.Contain("TCGEN012 at entries[0].args").And.Contain("'args' of entry 'x'").And.Contain("must be an array"));
    }

    [Test]
    public void A_topic_exchange_in_an_api_reference_is_refused()
    {
        string json = """{ "baseUrl": "https://example.com/v1", "entries": [ { "type": "topic-exchange", "name": "x", "exchange": "x", "routingKey": [] } ] }""";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.JsonPath, Is.EqualTo("entries[0].type"));
    }

    [Test]
    public void Two_entries_with_the_same_name_are_refused_at_the_second()
    {
        string json = "{ \"baseUrl\": \"https://example.com/v1\", \"entries\": [ " + ValidFunction + ", " + ValidFunction + " ] }";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.JsonPath, Is.EqualTo("entries[1].name"));
    }

    [Test]
    public void A_routing_key_element_without_a_name_names_the_element()
    {
        string json = """
            { "exchangePrefix": "x/v1/", "entries": [
              { "type": "topic-exchange", "name": "e", "exchange": "e", "routingKey": [ { "name": "a" }, { "summary": "no name" } ] } ] }
            """;

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.Parse(json))!;

        Assert.That(error.Message, Does.Contain("TCGEN003 at entries[0].routingKey[1]").And.Contain("has no 'name'"));
    }

    [Test]
    public void A_problem_inside_a_map_names_the_reference_in_the_path()
    {
        string json = """{ "Queue": { "referenceUrl": "http://x", "reference": { "baseUrl": "https://q/v1", "entries": {} } } }""";

        var error = Assert.Throws<ReferenceFormatException>(() => Reference.ParseMap(json))!;

        Assert.That(error.JsonPath, Is.EqualTo("Queue.reference.entries"));
    }

    [Test]
    public void A_malformed_file_is_named_in_the_message()
    {
        string path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");
        File.WriteAllText(path, "{ \"entries\": [ ");
        try
        {
            var error = Assert.Throws<ReferenceFormatException>(() => Reference.LoadFile(path))!;

            Assert.That(error.Message, Does.StartWith(path + ": "));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
