using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Taskcluster.References;

/// <summary>What <see cref="BuiltinTree.Save"/> changed.</summary>
/// <param name="ApisWritten">Whether <c>apis.json</c> was rewritten.</param>
/// <param name="SchemaFiles">How many schema files the folder holds now.</param>
/// <param name="Added">Schema files that did not exist before.</param>
/// <param name="Changed">Schema files whose bytes changed.</param>
/// <param name="Removed">Schema files that were there and are no longer used.</param>
public sealed record TreeChange(bool ApisWritten, int SchemaFiles, int Added, int Changed, int Removed)
{
    /// <summary>Whether anything on disk changed.</summary>
    public bool Any => ApisWritten || Added + Changed + Removed > 0;
}

/// <summary>
/// Writes <c>apis.json</c> and the schemas folder next to it (<c>schemas/&lt;service&gt;/v1/&lt;name&gt;.json</c>)
/// as one unit. The new schemas are written whole into a temporary folder beside the old one, which is then swapped
/// in by renames; if anything fails the old folder is put back, so a reader sees the old tree or the new one. The
/// folder belongs to the tool: files in it that the references no longer use are removed.
/// </summary>
public static class BuiltinTree
{
    /// <summary>The schemas folder's name, beside <c>apis.json</c>.</summary>
    public const string SchemasFolderName = "schemas";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The canonical bytes of a stored schema: the JSON as published, 2-space layout, final newline.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] SchemaBytes(JsonElement schema) => Utf8NoBom.GetBytes(CanonicalJson.Format(schema) + "\n");

    /// <summary>Replaces the references file and the schemas folder, writing nothing that is already as wanted.</summary>
    /// <param name="file">The references, saved to their own path.</param>
    /// <param name="schemas">Every schema file wanted, by path relative to the schemas folder with <c>/</c> separators.</param>
    /// <returns>What changed.</returns>
    public static TreeChange Save(ApisFile file, IReadOnlyList<KeyValuePair<string, byte[]>> schemas)
    {
        if (file is null) throw new ArgumentNullException(nameof(file));
        if (schemas is null) throw new ArgumentNullException(nameof(schemas));
        byte[] apis = Utf8NoBom.GetBytes(file.Format());
        string folder = Path.Combine(file.Folder, SchemasFolderName);

        var existing = ReadTree(folder);
        var wanted = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (relative, bytes) in schemas) wanted.Add(relative, bytes);
        int added = wanted.Keys.Count(k => !existing.ContainsKey(k));
        int removed = existing.Keys.Count(k => !wanted.ContainsKey(k));
        int changed = wanted.Count(w => existing.TryGetValue(w.Key, out var old) && !old.AsSpan().SequenceEqual(w.Value));
        bool schemasChanged = added + changed + removed > 0;
        bool apisChanged = !(File.Exists(file.Path) && File.ReadAllBytes(file.Path).AsSpan().SequenceEqual(apis));
        if (!schemasChanged && !apisChanged) return new TreeChange(false, wanted.Count, 0, 0, 0);

        string id = Guid.NewGuid().ToString("N");
        string staging = Path.Combine(file.Folder, $".{SchemasFolderName}.{id}.new");
        string retired = Path.Combine(file.Folder, $".{SchemasFolderName}.{id}.old");
        try
        {
            if (schemasChanged)
            {
                WriteTree(staging, wanted);
                if (Directory.Exists(folder)) Directory.Move(folder, retired);
                if (wanted.Count > 0) Directory.Move(staging, folder);
            }
            try
            {
                AtomicFile.WriteIfChanged(file.Path, apis);
            }
            catch when (schemasChanged)
            {
                // The references file could not be replaced: put the old schemas back so both stay as they were.
                if (Directory.Exists(folder)) Directory.Move(folder, staging);
                if (Directory.Exists(retired)) Directory.Move(retired, folder);
                throw;
            }
        }
        catch when (schemasChanged && !Directory.Exists(folder) && Directory.Exists(retired))
        {
            // The swap itself failed half-way (old folder moved away, new one not in): restore the old one.
            Directory.Move(retired, folder);
            throw;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            if (Directory.Exists(retired)) Directory.Delete(retired, recursive: true);
        }
        return new TreeChange(apisChanged, wanted.Count, added, changed, removed);
    }

    /// <summary>Every file below a folder, by relative path with <c>/</c> separators; empty when the folder does not exist.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The files' bytes.</returns>
    public static Dictionary<string, byte[]> ReadTree(string folder)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return files;
        foreach (string path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            files.Add(Path.GetRelativePath(folder, path).Replace('\\', '/'), File.ReadAllBytes(path));
        }
        return files;
    }

    private static void WriteTree(string root, Dictionary<string, byte[]> files)
    {
        Directory.CreateDirectory(root);
        foreach (var (relative, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            string path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: true);
        }
    }
}
