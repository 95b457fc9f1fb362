using NUnit.Framework;
using Taskcluster.Generators.Parsing;

namespace Taskcluster.Generators.Tests.Parsing;

public sealed class JsonReaderTests
{
    [Test]
    public void String_escapes_are_decoded()
    {
        var value = JsonReader.Parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\"");

        Assert.That(value.Text, Is.EqualTo("a\"b\\c/d\n\té\U0001F600"));
    }

    [Test]
    public void Numbers_keep_their_literal_text()
    {
        var value = JsonReader.Parse("[0, -12, 3.25, 1e5, -2.5E-3]");

        Assert.That(value.Items.Select(i => i.Text), Is.EqualTo(new[] { "0", "-12", "3.25", "1e5", "-2.5E-3" }));
        Assert.That(value.Items.Select(i => i.Kind), Is.All.EqualTo(JsonKind.Number));
    }

    [Test]
    public void Nested_objects_and_arrays_keep_property_order()
    {
        var value = JsonReader.Parse("{\"b\": [true, false, null], \"a\": {\"c\": {}}}");

        Assert.That(value.Properties.Select(p => p.Name), Is.EqualTo(new[] { "b", "a" }));
        Assert.That(value.Get("b")!.Items.Select(i => i.Kind), Is.EqualTo(new[] { JsonKind.True, JsonKind.False, JsonKind.Null }));
        Assert.That(value.Get("a")!.Get("c")!.Kind, Is.EqualTo(JsonKind.Object));
    }

    [Test]
    public void Every_value_records_its_zero_based_line_and_column()
    {
        var value = JsonReader.Parse("{\n  \"name\": \"x\",\r\n    \"list\": [1,\n 22]\n}");

        var name = value.Get("name")!;
        var second = value.Get("list")!.Items[1];
        Assert.That((name.Start.Line, name.Start.Column, name.End.Column), Is.EqualTo((1, 10, 13)));
        Assert.That((second.Start.Line, second.Start.Column, second.End.Column), Is.EqualTo((3, 1, 3)));
    }

    [Test]
    public void Unicode_line_separators_inside_strings_count_as_line_breaks_like_the_compiler()
    {
        var value = JsonReader.Parse("[\"a\u2028b\", 7]");

        Assert.That((value.Items[1].Start.Line, value.Items[1].Start.Column), Is.EqualTo((1, 4)));
    }

    [TestCase("{\"a\": 1,}", 0, 8)]
    [TestCase("{\"a\" 1}", 0, 5)]
    [TestCase("[1,\n  tru]", 1, 2)]
    [TestCase("\"open", 0, 5)]
    [TestCase("{\n\"a\": \"\\q\"}", 1, 6)]
    [TestCase("[01]", 0, 2)]
    [TestCase("{} x", 0, 3)]
    [TestCase("", 0, 0)]
    public void Malformed_json_is_reported_where_reading_stopped(string text, int line, int column)
    {
        var exception = Assert.Throws<JsonReaderException>(() => JsonReader.Parse(text))!;

        Assert.That((exception.Position.Line, exception.Position.Column), Is.EqualTo((line, column)));
    }

    [Test]
    public void Very_deep_nesting_is_an_error_instead_of_a_stack_overflow()
    {
        string text = new string('[', 10_000) + new string(']', 10_000);

        var exception = Assert.Throws<JsonReaderException>(() => JsonReader.Parse(text))!;

        Assert.That(exception.Message, Does.Contain("nested deeper"));
    }
}
