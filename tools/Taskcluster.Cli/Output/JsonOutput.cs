using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Taskcluster.Cli.Output;

/// <summary>Writes JSON to stdout: indented for results a person reads, one line each for streams a script reads.</summary>
internal static class JsonOutput
{
    // The default encoder escapes <, >, &, ' and every non-ASCII character for safe embedding in HTML; on a terminal
    // or in a pipe that only makes task names and messages harder to read. JSON is still valid either way.
    private static readonly JsonWriterOptions s_indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions s_compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteIndented(TextWriter output, JsonElement value) => output.WriteLine(Format(value, s_indented));

    public static void WriteLine(TextWriter output, JsonElement value) => output.WriteLine(Format(value, s_compact));

    /// <summary>A model, indented, as the server sent it (models keep properties they do not know).</summary>
    public static void WriteIndented<T>(TextWriter output, T value, JsonTypeInfo<T> type)
        => WriteIndented(output, JsonSerializer.SerializeToElement(value, type));

    /// <summary>A model on one line, as the server sent it.</summary>
    public static void WriteLine<T>(TextWriter output, T value, JsonTypeInfo<T> type)
        => WriteLine(output, JsonSerializer.SerializeToElement(value, type));

    /// <summary>One compact line written by <paramref name="write"/>.</summary>
    public static string Line(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_compact)) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Format(JsonElement value, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options)) value.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
