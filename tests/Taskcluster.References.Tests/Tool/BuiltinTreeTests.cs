using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace Taskcluster.References.Tests.Tool;

/// <summary>Writing apis.json and the schemas folder as one unit.</summary>
public sealed class BuiltinTreeTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tc-tree-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private static List<KeyValuePair<string, byte[]>> Files(params (string Path, string Text)[] files) =>
        files.Select(f => new KeyValuePair<string, byte[]>(f.Path, Encoding.UTF8.GetBytes(f.Text))).ToList();

    private ApisFile EmptyFileAt(string path) => ApisFile.Parse(path, Encoding.UTF8.GetBytes("{}\n"));

    [Test]
    public void Save_replaces_the_schemas_folder_whole_and_reports_what_changed()
    {
        var file = EmptyFileAt(Path.Combine(_folder, "apis.json"));
        BuiltinTree.Save(file, Files(("a/v1/keep.json", "1\n"), ("a/v1/edit.json", "2\n"), ("b/v1/stale.json", "3\n")));

        var change = BuiltinTree.Save(file, Files(("a/v1/keep.json", "1\n"), ("a/v1/edit.json", "22\n"), ("c/v1/new.json", "4\n")));

        Assert.That(change, Is.EqualTo(new TreeChange(false, 3, 1, 1, 1)));
        var tree = BuiltinTree.ReadTree(Path.Combine(_folder, "schemas"));
        Assert.That(tree.Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(new[] { "a/v1/edit.json", "a/v1/keep.json", "c/v1/new.json" }));
        Assert.That(Encoding.UTF8.GetString(tree["a/v1/edit.json"]), Is.EqualTo("22\n"));
        Assert.That(Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal),
            Is.EqualTo(new[] { "apis.json", "schemas" }), "no staging or retired folder is left behind");
    }

    [Test]
    public void Save_with_no_schemas_removes_the_folder()
    {
        var file = EmptyFileAt(Path.Combine(_folder, "apis.json"));
        BuiltinTree.Save(file, Files(("a/v1/x.json", "1\n")));

        var change = BuiltinTree.Save(file, Files());

        Assert.That(change.Removed, Is.EqualTo(1));
        Assert.That(Directory.Exists(Path.Combine(_folder, "schemas")), Is.False);
    }

    [Test]
    public void When_apis_json_cannot_be_replaced_the_old_schemas_are_put_back()
    {
        var good = EmptyFileAt(Path.Combine(_folder, "apis.json"));
        BuiltinTree.Save(good, Files(("a/v1/x.json", "old\n")));
        // A folder where the references file should go makes its final rename fail.
        string blocked = Path.Combine(_folder, "blocked.json");
        Directory.CreateDirectory(Path.Combine(blocked, "inside"));
        var file = EmptyFileAt(blocked);

        Assert.That(() => BuiltinTree.Save(file, Files(("a/v1/x.json", "new\n"), ("b/v1/y.json", "new\n"))),
            Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());

        var tree = BuiltinTree.ReadTree(Path.Combine(_folder, "schemas"));
        Assert.That(tree.Keys, Is.EqualTo(new[] { "a/v1/x.json" }));
        Assert.That(Encoding.UTF8.GetString(tree["a/v1/x.json"]), Is.EqualTo("old\n"));
        Assert.That(Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal),
            Is.EqualTo(new[] { "apis.json", "blocked.json", "schemas" }));
    }
}
