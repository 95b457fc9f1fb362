using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Taskcluster.References;

/// <summary>
/// Writes JSON the way <c>references/apis.json</c> is formatted (the layout of JavaScript's
/// <c>JSON.stringify(value, null, 2)</c>): two-space indentation, <c>"key": value</c>, empty containers as
/// <c>[]</c>/<c>{}</c>, non-ASCII text unescaped, keys in document order, numbers exactly as they were written.
/// </summary>
/// <remarks>
/// Hand-written rather than <see cref="Utf8JsonWriter"/> because that writer escapes characters such as <c>´</c>
/// or <c>+</c> differently depending on its encoder, and any difference would turn a no-op update into a git diff.
/// </remarks>
public static class CanonicalJson
{
    /// <summary>Formats a JSON value, without a trailing newline.</summary>
    /// <param name="value">The value.</param>
    /// <param name="indent">The indentation of the line the value starts on, in spaces.</param>
    /// <returns>The formatted JSON.</returns>
    public static string Format(JsonElement value, int indent = 0)
    {
        var builder = new StringBuilder();
        Write(builder, value, indent);
        return builder.ToString();
    }

    /// <summary>Formats an <c>apis.json</c> map, names in ordinal order, with a trailing newline.</summary>
    /// <param name="entries">The named references.</param>
    /// <returns>The file's text.</returns>
    public static string FormatMap(IEnumerable<ApisFileEntry> entries)
    {
        var sorted = new List<ApisFileEntry>(entries);
        sorted.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var builder = new StringBuilder();
        if (sorted.Count == 0) return "{}\n";
        builder.Append("{\n");
        for (int i = 0; i < sorted.Count; i++)
        {
            var entry = sorted[i];
            builder.Append("  ");
            WriteString(builder, entry.Name);
            builder.Append(": {\n    \"referenceUrl\": ");
            WriteString(builder, entry.ReferenceUrl);
            builder.Append(",\n    \"reference\": ");
            Write(builder, entry.Reference, 4);
            builder.Append("\n  }");
            builder.Append(i + 1 < sorted.Count ? ",\n" : "\n");
        }
        builder.Append("}\n");
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement value, int indent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
            {
                bool any = false;
                foreach (var property in value.EnumerateObject())
                {
                    builder.Append(any ? ",\n" : "{\n");
                    any = true;
                    builder.Append(' ', indent + 2);
                    WriteString(builder, property.Name);
                    builder.Append(": ");
                    Write(builder, property.Value, indent + 2);
                }
                if (!any) { builder.Append("{}"); return; }
                builder.Append('\n').Append(' ', indent).Append('}');
                return;
            }
            case JsonValueKind.Array:
            {
                bool any = false;
                foreach (var item in value.EnumerateArray())
                {
                    builder.Append(any ? ",\n" : "[\n");
                    any = true;
                    builder.Append(' ', indent + 2);
                    Write(builder, item, indent + 2);
                }
                if (!any) { builder.Append("[]"); return; }
                builder.Append('\n').Append(' ', indent).Append(']');
                return;
            }
            case JsonValueKind.String:
                WriteString(builder, value.GetString()!);
                return;
            default:
                // Numbers keep their original spelling; true, false and null have only one.
                builder.Append(value.GetRawText());
                return;
        }
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }
}
