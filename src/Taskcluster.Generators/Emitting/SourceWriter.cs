using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Taskcluster.Generators.Emitting;

/// <summary>
/// Writes indented C# lines, string literals and XML documentation. Every piece of reference text goes through
/// <see cref="Literal"/> or <see cref="XmlText"/>, so nothing in a reference can break the generated code.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public void Line(string text = "")
    {
        if (text.Length > 0) _builder.Append(' ', _indent * 4).Append(text);
        _builder.Append('\n');
    }

    public void OpenBrace()
    {
        Line("{");
        Indent();
    }

    public void CloseBrace(string suffix = "")
    {
        Unindent();
        Line("}" + suffix);
    }

    /// <summary>A documentation line; <paramref name="xml"/> must already be well-formed.</summary>
    public void Doc(string xml) => Line("/// " + xml);

    /// <summary>Writes <c>&lt;summary&gt;</c> from plain text, on one line.</summary>
    public void Summary(string text) => Doc("<summary>" + XmlText(OneLine(text)) + "</summary>");

    /// <summary>
    /// Writes paragraphs of free text (the reference's Markdown) as <c>&lt;para&gt;</c> blocks, keeping its line
    /// breaks so the tooltip stays readable.
    /// </summary>
    public void Paragraphs(string text)
    {
        foreach (var paragraph in SplitParagraphs(text))
        {
            Doc("<para>");
            foreach (string line in paragraph) Doc(XmlText(line));
            Doc("</para>");
        }
    }

    public override string ToString() => _builder.ToString();

    /// <summary>A C# string literal that holds exactly <paramref name="value"/>.</summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u007F' || c == '\u0085' || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>
    /// Text made safe for an XML doc comment on one line: markup characters escaped, and characters that would end
    /// the comment line or are not allowed in XML replaced by a space.
    /// </summary>
    public static string XmlText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default:
                    bool unsafeChar = (c < ' ' && c != '\t') || c == '\u0085' || c == '\u2028' || c == '\u2029'
                        || c == '\uFFFE' || c == '\uFFFF' || char.IsSurrogate(c);
                    builder.Append(unsafeChar ? ' ' : c);
                    break;
            }
        }
        return builder.ToString().TrimEnd();
    }

    /// <summary>Inline code: <c>&lt;c&gt;text&lt;/c&gt;</c>, escaped.</summary>
    public static string Code(string text) => "<c>" + XmlText(OneLine(text)) + "</c>";

    /// <summary>The text's lines trimmed and joined with single spaces.</summary>
    public static string OneLine(string text)
    {
        var lines = SplitLines(text);
        var parts = new List<string>();
        foreach (string line in lines)
        {
            string trimmed = line.Trim();
            if (trimmed.Length > 0) parts.Add(trimmed);
        }
        return string.Join(" ", parts);
    }

    private static IEnumerable<List<string>> SplitParagraphs(string text)
    {
        var current = new List<string>();
        foreach (string line in SplitLines(text))
        {
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0) yield return current;
                current = new List<string>();
                continue;
            }
            current.Add(line.TrimEnd());
        }
        if (current.Count > 0) yield return current;
    }

    private static string[] SplitLines(string text)
        => text.Replace("\r\n", "\n").Split(new[] { '\n', '\r', '\u0085', '\u2028', '\u2029' }, StringSplitOptions.None);
}
