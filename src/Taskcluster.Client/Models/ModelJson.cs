using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taskcluster.Models;

/// <summary>Reads one JSON value for a generated model's converter.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="reader">The reader, on the value's first token; it is left on the value's last token.</param>
/// <param name="options">The serializer options in use.</param>
/// <returns>The value.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T JsonValueReader<out T>(ref Utf8JsonReader reader, JsonSerializerOptions options);

/// <summary>Writes one JSON value for a generated model's converter.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="writer">The writer.</param>
/// <param name="value">The value.</param>
/// <param name="options">The serializer options in use.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void JsonValueWriter<in T>(Utf8JsonWriter writer, T value, JsonSerializerOptions options);

/// <summary>
/// The pieces of JSON reading and writing that every generated model converter shares. The converters the
/// Taskcluster generator emits call these; they are public only because a consumer's own generated models call them
/// too, and are not meant to be called directly.
/// </summary>
/// <remarks>
/// Nothing here uses reflection: values are read and written token by token, so the models serialize under NativeAOT
/// and trimming.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ModelJson
{
    /// <summary>Checks that the reader is on the start of an object.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="typeName">The model being read, for the message.</param>
    /// <exception cref="JsonException">The value is not an object.</exception>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for {typeName}, found {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>Moves to the next token of a value that the serializer has buffered whole.</summary>
    /// <param name="reader">The reader.</param>
    /// <exception cref="JsonException">The JSON ends early.</exception>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("The JSON ends in the middle of a value.");
    }

    /// <summary>Reads a string.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The string.</returns>
    public static string ReadString(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Unexpected("a string", reader.TokenType);

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The boolean.</returns>
    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Unexpected("true or false", reader.TokenType),
    };

    /// <summary>Reads an integer that fits an <see cref="int"/>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The integer.</returns>
    public static int ReadInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number) throw Unexpected("an integer", reader.TokenType);
        return reader.TryGetInt32(out int value) ? value : throw new JsonException("Expected an integer between -2147483648 and 2147483647.");
    }

    /// <summary>Reads an integer that fits a <see cref="long"/>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The integer.</returns>
    public static long ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number) throw Unexpected("an integer", reader.TokenType);
        return reader.TryGetInt64(out long value) ? value : throw new JsonException("Expected an integer that fits 64 bits.");
    }

    /// <summary>Reads a number.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The number.</returns>
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number) throw Unexpected("a number", reader.TokenType);
        return reader.TryGetDouble(out double value) ? value : throw new JsonException("Expected a number that fits a double.");
    }

    /// <summary>Reads an ISO 8601 date and time (<c>format: date-time</c>).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The moment.</returns>
    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) throw Unexpected("a date-time string", reader.TokenType);
        return reader.TryGetDateTimeOffset(out var value)
            ? value
            : throw new JsonException($"Expected an ISO 8601 date-time such as 2025-01-31T12:00:00.000Z, found \"{reader.GetString()}\".");
    }

    /// <summary>Reads any JSON value; JSON <c>null</c> is <see langword="null"/>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    public static JsonNode? ReadNode(ref Utf8JsonReader reader) => JsonNode.Parse(ref reader);

    /// <summary>Reads an object whose properties the schema leaves free.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The object.</returns>
    public static JsonObject ReadObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected("a JSON object", reader.TokenType);
        return (JsonObject)JsonNode.Parse(ref reader)!;
    }

    /// <summary>Reads an array.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="options">The serializer options in use.</param>
    /// <param name="readItem">Reads one item.</param>
    /// <returns>The items.</returns>
    public static IReadOnlyList<T> ReadArray<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readItem)
        => ReadItems(ref reader, options, readItem, keepUnknownText: false);

    /// <summary>
    /// Reads an array of a generated enum, keeping the string of every item that is the enum's Unknown member (a
    /// value this SDK does not know) so that <see cref="WriteArray{T}"/> writes it back as it was.
    /// </summary>
    /// <typeparam name="T">The enum; its zero value must be its Unknown member, as in every generated enum.</typeparam>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="options">The serializer options in use.</param>
    /// <param name="readItem">Reads one item; it returns the Unknown member for a string it does not know.</param>
    /// <returns>The items; a list that cannot be changed when it holds unknown ones, so their strings stay in place.</returns>
    public static IReadOnlyList<T> ReadEnumArray<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readItem)
        where T : struct, Enum
        => ReadItems(ref reader, options, readItem, keepUnknownText: true);

    private static IReadOnlyList<T> ReadItems<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readItem, bool keepUnknownText)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Unexpected("an array", reader.TokenType);
        var items = new List<T>();
        List<string?>? texts = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return texts is null ? items : new ListWithUnknownText<T>(items.ToArray(), texts.ToArray());
            T item;
            try
            {
                item = readItem(ref reader, options);
            }
            catch (JsonException exception)
            {
                throw new JsonException($"[{items.Count.ToString(CultureInfo.InvariantCulture)}]: {exception.Message}", exception);
            }
            if (keepUnknownText && IsUnknown(item, reader.TokenType))
            {
                // The first unknown item: the ones before it had no text.
                texts ??= new List<string?>(new string?[items.Count]);
                texts.Add(reader.GetString());
            }
            else
            {
                texts?.Add(null);
            }
            items.Add(item);
        }
    }

    /// <summary>Reads an object whose every property has the same kind of value (<c>additionalProperties: {schema}</c>).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="options">The serializer options in use.</param>
    /// <param name="readValue">Reads one value.</param>
    /// <returns>The properties, in document order.</returns>
    public static IReadOnlyDictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readValue)
        => ReadProperties(ref reader, options, readValue, keepUnknownText: false);

    /// <summary>
    /// Reads an object whose every value is a generated enum, keeping the string of every value that is the enum's
    /// Unknown member so that <see cref="WriteMap{T}"/> writes it back as it was.
    /// </summary>
    /// <typeparam name="T">The enum; its zero value must be its Unknown member, as in every generated enum.</typeparam>
    /// <param name="reader">The reader, on the value.</param>
    /// <param name="options">The serializer options in use.</param>
    /// <param name="readValue">Reads one value; it returns the Unknown member for a string it does not know.</param>
    /// <returns>The properties, in document order; a map that cannot be changed when it holds unknown values.</returns>
    public static IReadOnlyDictionary<string, T> ReadEnumMap<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readValue)
        where T : struct, Enum
        => ReadProperties(ref reader, options, readValue, keepUnknownText: true);

    private static IReadOnlyDictionary<string, T> ReadProperties<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonValueReader<T> readValue, bool keepUnknownText)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected("a JSON object", reader.TokenType);
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        Dictionary<string, string>? texts = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return texts is null ? map : new MapWithUnknownText<T>(map, texts);
            string name = reader.GetString()!;
            Next(ref reader);
            T value;
            try
            {
                value = readValue(ref reader, options);
            }
            catch (JsonException exception)
            {
                throw new JsonException($"[\"{name}\"]: {exception.Message}", exception);
            }
            map[name] = value;
            // A repeated name keeps its last value, and so its last text.
            if (keepUnknownText && IsUnknown(value, reader.TokenType)) (texts ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = reader.GetString()!;
            else texts?.Remove(name);
        }
    }

    /// <summary>Whether an item just read is a generated enum's Unknown member (zero), read from a string.</summary>
    private static bool IsUnknown<T>(T value, JsonTokenType token) => token == JsonTokenType.String && EqualityComparer<T>.Default.Equals(value, default!);

    /// <summary>Keeps a property the model does not know, so that writing the model back loses nothing.</summary>
    /// <param name="reader">The reader, on the property's value.</param>
    /// <param name="name">The property name.</param>
    /// <param name="extensionData">The model's unknown properties so far (created on the first one).</param>
    public static void ReadExtensionData(ref Utf8JsonReader reader, string name, ref IDictionary<string, JsonElement>? extensionData)
    {
        (extensionData ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[name] = JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// The string value of property <paramref name="name"/> of the object the reader is on, without moving the
    /// reader (it is passed by value); null when the object has no such string property.
    /// </summary>
    /// <param name="reader">A copy of the reader, on the object's start.</param>
    /// <param name="name">The property, as UTF-8.</param>
    /// <returns>The value, or null.</returns>
    public static string? PeekDiscriminator(Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        int depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) return null;
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            bool match = reader.ValueTextEquals(name);
            if (!reader.Read()) return null;
            if (match) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (!reader.TrySkip()) return null;
        }
        return null;
    }

    /// <summary>Checks the discriminator of a union branch read on its own.</summary>
    /// <param name="reader">The reader, on the discriminator's value.</param>
    /// <param name="expected">The branch's value, as UTF-8.</param>
    /// <param name="typeName">The branch, for the message.</param>
    /// <param name="expectedText">The branch's value, for the message.</param>
    /// <exception cref="JsonException">The value is another one.</exception>
    public static void ExpectDiscriminator(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected, string typeName, string expectedText)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(expected))
        {
            string found = reader.TokenType == JsonTokenType.String ? "\"" + reader.GetString() + "\"" : Describe(reader.TokenType);
            throw new JsonException($"{typeName} needs \"{expectedText}\" here, found {found}.");
        }
    }

    /// <summary>Writes a date and time as TaskCluster does (JavaScript's <c>toISOString</c>): UTC, milliseconds, <c>Z</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The moment.</param>
    /// <remarks>
    /// So a date read from TaskCluster is written back exactly as it was. A finer fraction than milliseconds, which
    /// TaskCluster never sends, is kept rather than rounded away, with only the digits it needs (<c>.123456Z</c>
    /// stays six digits). Other spellings of the same moment (an offset instead of <c>Z</c>, no fraction) come out in
    /// this one form: the value holds the moment, not how it was spelled.
    /// </remarks>
    public static void WriteDateTimeOffset(Utf8JsonWriter writer, DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        // "FFFFFFF" drops trailing zeros; a value that is not whole milliseconds has a non-zero digit after the third,
        // so it never comes out shorter than TaskCluster's three digits.
        string format = utc.Ticks % TimeSpan.TicksPerMillisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";
        Span<char> buffer = stackalloc char[32];
        if (utc.TryFormat(buffer, out int written, format, CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(buffer.Slice(0, written));
        }
        else
        {
            writer.WriteStringValue(utc.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes any JSON value; <see langword="null"/> is JSON <c>null</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The serializer options in use.</param>
    public static void WriteNode(Utf8JsonWriter writer, JsonNode? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else value.WriteTo(writer, options);
    }

    /// <summary>Writes an array.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="items">The items.</param>
    /// <param name="options">The serializer options in use.</param>
    /// <param name="writeItem">Writes one item.</param>
    /// <remarks>An array read by <see cref="ReadEnumArray{T}"/> writes its unknown items as the strings they were read from.</remarks>
    public static void WriteArray<T>(Utf8JsonWriter writer, IReadOnlyList<T> items, JsonSerializerOptions options, JsonValueWriter<T> writeItem)
    {
        var texts = (items as ListWithUnknownText<T>)?.Texts;
        writer.WriteStartArray();
        for (int i = 0; i < items.Count; i++)
        {
            if (texts?[i] is { } text) writer.WriteStringValue(text);
            else writeItem(writer, items[i], options);
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes an object whose every property has the same kind of value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="map">The properties.</param>
    /// <param name="options">The serializer options in use.</param>
    /// <param name="writeValue">Writes one value.</param>
    /// <remarks>A map read by <see cref="ReadEnumMap{T}"/> writes its unknown values as the strings they were read from.</remarks>
    public static void WriteMap<T>(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> map, JsonSerializerOptions options, JsonValueWriter<T> writeValue)
    {
        var texts = (map as MapWithUnknownText<T>)?.Texts;
        writer.WriteStartObject();
        foreach (var pair in map)
        {
            writer.WritePropertyName(pair.Key);
            if (texts is not null && texts.TryGetValue(pair.Key, out string? text)) writer.WriteStringValue(text);
            else writeValue(writer, pair.Value, options);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes back the properties a model kept without knowing them.</summary>
    /// <param name="writer">The writer, inside the model's object.</param>
    /// <param name="extensionData">The properties, or null.</param>
    public static void WriteExtensionData(Utf8JsonWriter writer, IDictionary<string, JsonElement>? extensionData)
    {
        if (extensionData is null) return;
        foreach (var pair in extensionData)
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
    }

    /// <summary>
    /// Every property of the object the reader is on except <paramref name="discriminator"/>, for a union kind this
    /// SDK does not know; the reader ends on the object's end.
    /// </summary>
    /// <param name="reader">The reader, on the object's start.</param>
    /// <param name="discriminator">The property that names the kind (kept by the caller, so left out here).</param>
    /// <returns>The other properties, or null when there are none.</returns>
    public static IDictionary<string, JsonElement>? ReadOtherProperties(ref Utf8JsonReader reader, string discriminator)
    {
        IDictionary<string, JsonElement>? properties = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name == discriminator)
            {
                reader.Skip();
                continue;
            }
            ReadExtensionData(ref reader, name, ref properties);
        }
        return properties;
    }

    /// <summary>Writes a union kind this SDK does not know: its discriminator first, then the properties it was read with.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="discriminator">The property that names the kind.</param>
    /// <param name="kind">The kind, as it was read.</param>
    /// <param name="properties">The other properties.</param>
    public static void WriteOtherKind(Utf8JsonWriter writer, string discriminator, string kind, IDictionary<string, JsonElement>? properties)
    {
        writer.WriteStartObject();
        writer.WriteString(discriminator, kind);
        WriteExtensionData(writer, properties);
        writer.WriteEndObject();
    }

    /// <summary>The error for a required property that the JSON lacks.</summary>
    /// <param name="typeName">The model.</param>
    /// <param name="jsonName">The property.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException MissingProperty(string typeName, string jsonName)
        => new($"{typeName} requires the property \"{jsonName}\", which the JSON lacks.");

    /// <summary>An error in a property's value, with the property named in front of the message.</summary>
    /// <param name="typeName">The model.</param>
    /// <param name="jsonName">The property.</param>
    /// <param name="inner">The error.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException InProperty(string typeName, string jsonName, JsonException inner)
        => new($"{typeName}.{jsonName}: {inner.Message}", inner);

    /// <summary>The error for an enum's JSON value that is not a string at all.</summary>
    /// <param name="found">The token found instead.</param>
    /// <param name="typeName">The enum, for the message.</param>
    /// <returns>The exception to throw.</returns>
    /// <remarks>A string the enum does not list is no error: it reads as the enum's Unknown member.</remarks>
    public static JsonException NotAnEnumString(JsonTokenType found, string typeName)
        => new($"Expected a string for {typeName}, found {Describe(found)}.");

    /// <summary>The error for writing an enum's Unknown member when no JSON string was kept for it.</summary>
    /// <param name="typeName">The enum.</param>
    /// <param name="memberName">Its Unknown member's name.</param>
    /// <param name="allowed">Its values, for the message.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException UnknownWithoutText(string typeName, string memberName, string allowed)
        => new($"Cannot write {typeName}.{memberName}: it stands for a value this SDK does not know, and no JSON string was kept for it "
            + "(only a value read into a model's property, list or map, and not set since, keeps the string it was read from). "
            + $"Set one of {allowed}.");

    /// <summary>The error for a union whose discriminator matches no branch.</summary>
    /// <param name="typeName">The union.</param>
    /// <param name="property">The discriminator property.</param>
    /// <param name="value">Its value, or null when absent.</param>
    /// <param name="allowed">The branches' values, for the message.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException UnknownDiscriminator(string typeName, string property, string? value, string allowed)
        => new(value is null
            ? $"{typeName} needs a string property \"{property}\" ({allowed}) to tell which kind it is."
            : $"\"{value}\" is not a kind of {typeName}; \"{property}\" must be one of {allowed}.");

    private static JsonException Unexpected(string expected, JsonTokenType found) => new($"Expected {expected}, found {Describe(found)}.");

    /// <summary>
    /// A list read with enum items this SDK does not know, and the string each of those was read from. Read-only (the
    /// models expose lists as <see cref="IReadOnlyList{T}"/>), so the strings cannot drift from their items; a list
    /// built by the caller instead has no strings, and writing an Unknown item in it throws.
    /// </summary>
    private sealed class ListWithUnknownText<T> : IReadOnlyList<T>
    {
        private readonly T[] _items;

        public ListWithUnknownText(T[] items, string?[] texts)
        {
            _items = items;
            Texts = texts;
        }

        /// <summary>For each item, the string it was read from when it is Unknown; null otherwise.</summary>
        public string?[] Texts { get; }

        public int Count => _items.Length;

        public T this[int index] => _items[index];

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A map read with enum values this SDK does not know, and the string each of those was read from (read-only, as the list).</summary>
    private sealed class MapWithUnknownText<T> : IReadOnlyDictionary<string, T>
    {
        private readonly Dictionary<string, T> _map;

        public MapWithUnknownText(Dictionary<string, T> map, Dictionary<string, string> texts)
        {
            _map = map;
            Texts = texts;
        }

        /// <summary>The strings of the values that are Unknown, by key.</summary>
        public Dictionary<string, string> Texts { get; }

        public int Count => _map.Count;

        public T this[string key] => _map[key];

        public IEnumerable<string> Keys => _map.Keys;

        public IEnumerable<T> Values => _map.Values;

        public bool ContainsKey(string key) => _map.ContainsKey(key);

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value) => _map.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => _map.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
