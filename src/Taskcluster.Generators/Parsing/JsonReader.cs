using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Taskcluster.Generators.Parsing;

/// <summary>The kinds of JSON value.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A position in the text: offset plus zero-based line and column.</summary>
internal readonly struct TextPosition
{
    public TextPosition(int offset, int line, int column)
    {
        Offset = offset;
        Line = line;
        Column = column;
    }

    public int Offset { get; }

    public int Line { get; }

    public int Column { get; }
}

/// <summary>
/// A parsed JSON value that remembers where it starts and ends, so that a problem found later in the value can be
/// reported at the exact line and column.
/// </summary>
internal sealed class JsonValue
{
    private static readonly IReadOnlyList<JsonValue> NoItems = Array.Empty<JsonValue>();
    private static readonly IReadOnlyList<JsonProperty> NoProperties = Array.Empty<JsonProperty>();

    public JsonValue(JsonKind kind, TextPosition start, TextPosition end, string? text,
        IReadOnlyList<JsonValue>? items, IReadOnlyList<JsonProperty>? properties)
    {
        Kind = kind;
        Start = start;
        End = end;
        Text = text;
        Items = items ?? NoItems;
        Properties = properties ?? NoProperties;
    }

    public JsonKind Kind { get; }

    /// <summary>Where the value's first character is.</summary>
    public TextPosition Start { get; }

    /// <summary>Just after the value's last character.</summary>
    public TextPosition End { get; }

    /// <summary>The decoded string of a string, or the literal text of a number; null otherwise.</summary>
    public string? Text { get; }

    /// <summary>An array's items.</summary>
    public IReadOnlyList<JsonValue> Items { get; }

    /// <summary>An object's properties, in text order.</summary>
    public IReadOnlyList<JsonProperty> Properties { get; }

    /// <summary>The value of the first property named <paramref name="name"/>, or null.</summary>
    public JsonValue? Get(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.Ordinal)) return property.Value;
        }
        return null;
    }

    /// <summary>A short description of the kind, for messages ("a string", "an array").</summary>
    public string KindDescription => Describe(Kind);

    public static string Describe(JsonKind kind) => kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>One property of a JSON object.</summary>
internal sealed class JsonProperty
{
    public JsonProperty(string name, TextPosition nameStart, TextPosition nameEnd, JsonValue value)
    {
        Name = name;
        NameStart = nameStart;
        NameEnd = nameEnd;
        Value = value;
    }

    public string Name { get; }

    public TextPosition NameStart { get; }

    public TextPosition NameEnd { get; }

    public JsonValue Value { get; }
}

/// <summary>Malformed JSON, with the position where reading stopped.</summary>
internal sealed class JsonReaderException : Exception
{
    public JsonReaderException(string message, TextPosition position)
        : base(message)
    {
        Position = position;
    }

    public TextPosition Position { get; }
}

/// <summary>
/// A small strict JSON (RFC 8259) reader. The generator cannot rely on System.Text.Json: compilers hosted on
/// .NET Framework do not ship it. Lines are counted the way the compiler counts them (CR, LF, CRLF, NEL, LS, PS),
/// so positions agree with the editor's.
/// </summary>
internal sealed class JsonReader
{
    // Deep nesting would overflow the stack, which no catch can stop; references nest a handful of levels.
    private const int MaxDepth = 128;

    private readonly string _text;
    private int _offset;
    private int _line;
    private int _lineStart;

    private JsonReader(string text) => _text = text;

    /// <summary>Reads one JSON value that must fill the whole text (whitespace aside).</summary>
    /// <exception cref="JsonReaderException">The text is not valid JSON.</exception>
    public static JsonValue Parse(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var reader = new JsonReader(text);
        reader.SkipByteOrderMark();
        reader.SkipWhitespace();
        if (reader.AtEnd) throw reader.Error("The file is empty; expected a JSON object.");
        var value = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (!reader.AtEnd) throw reader.Error($"Unexpected {Show(reader.Current)} after the end of the JSON value.");
        return value;
    }

    private bool AtEnd => _offset >= _text.Length;

    private char Current => _text[_offset];

    private TextPosition Position => new(_offset, _line, _offset - _lineStart);

    private JsonReaderException Error(string message) => new(message, Position);

    private void SkipByteOrderMark()
    {
        if (!AtEnd && Current == '\uFEFF') _offset++;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd)
        {
            char c = Current;
            if (c == ' ' || c == '\t') _offset++;
            else if (c == '\n' || c == '\r') Advance();
            else break;
        }
    }

    /// <summary>Moves past one character, keeping line and column in step.</summary>
    private void Advance()
    {
        char c = _text[_offset++];
        switch (c)
        {
            case '\r':
                if (!AtEnd && Current == '\n') _offset++;
                NewLine();
                break;
            case '\n':
            case '\u0085':
            case '\u2028':
            case '\u2029':
                NewLine();
                break;
        }
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _offset;
    }

    private JsonValue ReadValue(int depth)
    {
        if (depth > MaxDepth) throw Error($"JSON nested deeper than {MaxDepth} levels.");
        char c = Current;
        switch (c)
        {
            case '{': return ReadObject(depth);
            case '[': return ReadArray(depth);
            case '"':
            {
                var start = Position;
                string value = ReadString();
                return new JsonValue(JsonKind.String, start, Position, value, null, null);
            }
            case 't': return ReadLiteral("true", JsonKind.True);
            case 'f': return ReadLiteral("false", JsonKind.False);
            case 'n': return ReadLiteral("null", JsonKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                throw Error($"Unexpected {Show(c)}; expected a JSON value (object, array, string, number, true, false or null).");
        }
    }

    private JsonValue ReadObject(int depth)
    {
        var start = Position;
        _offset++; // '{'
        var properties = new List<JsonProperty>();
        SkipWhitespace();
        if (!AtEnd && Current == '}')
        {
            _offset++;
            return new JsonValue(JsonKind.Object, start, Position, null, null, properties);
        }
        while (true)
        {
            SkipWhitespace();
            if (AtEnd) throw Error("The object is not closed; expected a property name or '}'.");
            if (Current != '"') throw Error($"Unexpected {Show(Current)}; expected a property name in double quotes.");
            var nameStart = Position;
            string name = ReadString();
            var nameEnd = Position;
            SkipWhitespace();
            if (AtEnd || Current != ':') throw Error($"Expected ':' after property name \"{name}\".");
            _offset++;
            SkipWhitespace();
            if (AtEnd) throw Error($"Property \"{name}\" has no value.");
            var value = ReadValue(depth + 1);
            properties.Add(new JsonProperty(name, nameStart, nameEnd, value));
            SkipWhitespace();
            if (AtEnd) throw Error("The object is not closed; expected ',' or '}'.");
            if (Current == ',')
            {
                _offset++;
                continue;
            }
            if (Current == '}')
            {
                _offset++;
                return new JsonValue(JsonKind.Object, start, Position, null, null, properties);
            }
            throw Error($"Unexpected {Show(Current)}; expected ',' or '}}' in an object.");
        }
    }

    private JsonValue ReadArray(int depth)
    {
        var start = Position;
        _offset++; // '['
        var items = new List<JsonValue>();
        SkipWhitespace();
        if (!AtEnd && Current == ']')
        {
            _offset++;
            return new JsonValue(JsonKind.Array, start, Position, null, items, null);
        }
        while (true)
        {
            SkipWhitespace();
            if (AtEnd) throw Error("The array is not closed; expected a value or ']'.");
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            if (AtEnd) throw Error("The array is not closed; expected ',' or ']'.");
            if (Current == ',')
            {
                _offset++;
                continue;
            }
            if (Current == ']')
            {
                _offset++;
                return new JsonValue(JsonKind.Array, start, Position, null, items, null);
            }
            throw Error($"Unexpected {Show(Current)}; expected ',' or ']' in an array.");
        }
    }

    private string ReadString()
    {
        _offset++; // opening quote
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error("The string is not closed; add the closing '\"'.");
            char c = Current;
            if (c == '"')
            {
                _offset++;
                return builder.ToString();
            }
            if (c < ' ') throw Error("A control character (such as a raw line break) is not allowed in a JSON string; escape it (\\n).");
            if (c != '\\')
            {
                builder.Append(c);
                Advance();
                continue;
            }
            var escapeStart = Position;
            _offset++;
            if (AtEnd) throw Error("The string is not closed; add the closing '\"'.");
            char e = Current;
            _offset++;
            switch (e)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_offset + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_offset, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw new JsonReaderException("A \\u escape needs exactly four hexadecimal digits.", escapeStart);
                    }
                    builder.Append((char)code);
                    _offset += 4;
                    break;
                default:
                    throw new JsonReaderException($"'\\{e}' is not a JSON escape; use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX.", escapeStart);
            }
        }
    }

    private JsonValue ReadNumber()
    {
        var start = Position;
        int begin = _offset;
        if (Current == '-') _offset++;
        if (AtEnd || !IsDigit(Current)) throw Error("A number needs a digit here.");
        if (Current == '0') _offset++;
        else SkipDigits();
        if (!AtEnd && Current == '.')
        {
            _offset++;
            if (AtEnd || !IsDigit(Current)) throw Error("A number needs a digit after the decimal point.");
            SkipDigits();
        }
        if (!AtEnd && (Current == 'e' || Current == 'E'))
        {
            _offset++;
            if (!AtEnd && (Current == '+' || Current == '-')) _offset++;
            if (AtEnd || !IsDigit(Current)) throw Error("A number needs a digit in its exponent.");
            SkipDigits();
        }
        return new JsonValue(JsonKind.Number, start, Position, _text.Substring(begin, _offset - begin), null, null);
    }

    private void SkipDigits()
    {
        while (!AtEnd && IsDigit(Current)) _offset++;
    }

    /// <summary>A character for a message; invisible ones by code point.</summary>
    private static string Show(char c)
        => char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
            ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : "'" + c + "'";

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private JsonValue ReadLiteral(string literal, JsonKind kind)
    {
        var start = Position;
        if (string.CompareOrdinal(_text, _offset, literal, 0, literal.Length) != 0)
        {
            throw Error($"Unexpected {Show(Current)}; expected a JSON value (strings need double quotes).");
        }
        _offset += literal.Length;
        return new JsonValue(kind, start, Position, null, null, null);
    }
}
