using System.IO;
using System.Text;
using NUnit.Framework;

namespace Taskcluster.References.Tests.Tool;

public sealed class ApisFileFormatTests
{
    [Test]
    public void Rewriting_the_builtin_apis_json_gives_back_the_same_bytes()
    {
        byte[] original = File.ReadAllBytes(TestData.ApisJsonPath);

        string rewritten = ApisFile.Load(TestData.ApisJsonPath).Format();

        Assert.That(Encoding.UTF8.GetBytes(rewritten), Is.EqualTo(original));
    }

    [Test]
    public void Saving_an_unchanged_file_does_not_write_it()
    {
        using var repository = new TempRepository();
        var before = File.GetLastWriteTimeUtc(repository.ApisJson);
        File.SetLastWriteTimeUtc(repository.ApisJson, before.AddDays(-1));

        bool written = ApisFile.Load(repository.ApisJson).Save();

        Assert.That(written, Is.False);
        Assert.That(File.GetLastWriteTimeUtc(repository.ApisJson), Is.EqualTo(before.AddDays(-1)));
    }

    [Test]
    public void Strings_are_escaped_as_json_stringify_does_and_non_ascii_is_kept()
    {
        using var document = System.Text.Json.JsonDocument.Parse("{\"a\":\"x\\\"y\\\\z\\n\\u0001´\",\"b\":[],\"c\":{},\"d\":1.50}");

        string text = CanonicalJson.Format(document.RootElement);

        Assert.That(text, Is.EqualTo("{\n  \"a\": \"x\\\"y\\\\z\\n\\u0001´\",\n  \"b\": [],\n  \"c\": {},\n  \"d\": 1.50\n}"));
    }
}
