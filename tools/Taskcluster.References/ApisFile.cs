using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Taskcluster.References;

/// <summary>One named reference of <c>apis.json</c>: where it was published and the reference JSON itself.</summary>
/// <param name="Name">The client name, for example <c>Queue</c>.</param>
/// <param name="ReferenceUrl">Where <c>update</c> fetches it from: an http(s) URL, or a file path relative to the file's folder.</param>
/// <param name="Reference">The reference, kept as JSON so that keys stay in the order the publisher wrote them.</param>
public sealed record ApisFileEntry(string Name, string ReferenceUrl, JsonElement Reference);

/// <summary>
/// The references file (<c>references/apis.json</c>): read and validated as a whole, and written back atomically in
/// its canonical format, so that no command ever leaves a half-written file or a formatting-only diff.
/// </summary>
public sealed class ApisFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly List<ApisFileEntry> _entries;

    private ApisFile(string path, List<ApisFileEntry> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The folder relative file sources are resolved against.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>The references in ordinal name order.</summary>
    public IReadOnlyList<ApisFileEntry> Entries
    {
        get
        {
            var sorted = new List<ApisFileEntry>(_entries);
            sorted.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return sorted;
        }
    }

    /// <summary>Reads and validates the file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The file's content.</returns>
    /// <exception cref="ToolException">The file is missing, unreadable, not JSON, or holds a malformed reference.</exception>
    public static ApisFile Load(string path)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(ExitCodes.BadInputFile, $"cannot read the references file {fullPath}: {exception.Message}", exception);
        }
        return Parse(fullPath, bytes);
    }

    /// <summary>Validates and reads the content of a references file.</summary>
    /// <param name="fullPath">The path it is (or will be) saved at.</param>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <returns>The file's content.</returns>
    /// <exception cref="ToolException">Not JSON, or a malformed reference.</exception>
    public static ApisFile Parse(string fullPath, byte[] utf8Json)
    {
        try
        {
            using var stream = new MemoryStream(utf8Json, writable: false);
            using var document = JsonDocument.Parse(stream);
            // The runtime's own parser is the judge of what a valid reference is.
            ReferenceCheck.ValidateMap(document.RootElement);
            var entries = new List<ApisFileEntry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                string url = property.Value.TryGetProperty("referenceUrl", out var urlElement) && urlElement.ValueKind == JsonValueKind.String
                    ? urlElement.GetString()!
                    : string.Empty;
                entries.Add(new ApisFileEntry(property.Name, url, property.Value.GetProperty("reference").Clone()));
            }
            return new ApisFile(fullPath, entries);
        }
        catch (JsonException exception)
        {
            throw new ToolException(ExitCodes.BadInputFile,
                $"{fullPath} is not valid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}.", exception);
        }
        catch (ReferenceFormatException exception)
        {
            throw new ToolException(ExitCodes.BadInputFile, $"{fullPath}: {exception.Message}", exception);
        }
    }

    /// <summary>Finds a reference by exact name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The entry, or null.</returns>
    public ApisFileEntry? Find(string name) => _entries.Find(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    /// <summary>Finds a reference by exact name, or fails with a message that lists the known names.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ToolException">No reference has that name.</exception>
    public ApisFileEntry Get(string name)
    {
        var entry = Find(name);
        if (entry is not null) return entry;
        var close = _entries.Find(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        string hint = close is null ? string.Empty : $" Did you mean '{close.Name}'? Names are case-sensitive.";
        var names = new List<string>();
        foreach (var e in Entries) names.Add(e.Name);
        throw new ToolException(ExitCodes.UnknownOrExistingName,
            $"there is no reference named '{name}' in {Path}.{hint} Known: {string.Join(", ", names)}.");
    }

    /// <summary>Adds or replaces a reference.</summary>
    /// <param name="entry">The reference.</param>
    public void Set(ApisFileEntry entry)
    {
        int index = _entries.FindIndex(e => string.Equals(e.Name, entry.Name, StringComparison.Ordinal));
        if (index >= 0) _entries[index] = entry;
        else _entries.Add(entry);
    }

    /// <summary>Removes a reference.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it was there.</returns>
    public bool Remove(string name) => _entries.RemoveAll(e => string.Equals(e.Name, name, StringComparison.Ordinal)) > 0;

    /// <summary>The file's canonical text.</summary>
    /// <returns>The JSON, with a trailing newline.</returns>
    public string Format() => CanonicalJson.FormatMap(_entries);

    /// <summary>Writes the file in its canonical format, unless it already has exactly that content.</summary>
    /// <returns>Whether the file was written.</returns>
    public bool Save() => AtomicFile.WriteIfChanged(Path, Utf8NoBom.GetBytes(Format()));
}

/// <summary>Replaces files whole: readers see the old content or the new, never a mix or a truncated file.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> unless the file already holds exactly it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="content">The new bytes.</param>
    /// <returns>Whether the file was written.</returns>
    public static bool WriteIfChanged(string path, byte[] content)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content)) return false;
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        // Same folder, so the final rename stays on one file system and is atomic.
        string temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
