using System;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Taskcluster;

/// <summary>
/// The JSON body of a request, serialized once when the call is made (paged calls send the same bytes with every
/// page). Generated clients make one from a typed model; by-name calls can make one from raw JSON.
/// </summary>
/// <remarks>
/// Every factory here works without reflection, so a NativeAOT application can call any function: with a model and
/// its generated metadata, or with a <see cref="JsonNode"/> or <see cref="JsonElement"/> it built itself.
/// </remarks>
public readonly struct RequestBody
{
    private RequestBody(byte[] utf8Json) => Utf8Json = utf8Json;

    /// <summary>No body (the value of <c>default</c>).</summary>
    public static RequestBody None => default;

    /// <summary>Whether there is no body.</summary>
    public bool IsNone => Utf8Json is null;

    /// <summary>The serialized JSON, or null for <see cref="None"/>.</summary>
    internal byte[]? Utf8Json { get; }

    /// <summary>Serializes <paramref name="value"/> with metadata that needs no reflection (a generated model's).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="type">Its serialization metadata, for example <c>QueueJsonContext.Default.CreateTaskRequest</c>.</param>
    /// <param name="parameterName">The caller's parameter, for the exception; filled in by the compiler.</param>
    /// <returns>The body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> or <paramref name="type"/> is null.</exception>
    /// <exception cref="JsonException">The value cannot be written (an enum value outside the schema's, say).</exception>
    public static RequestBody Of<T>(T value, JsonTypeInfo<T> type, [CallerArgumentExpression(nameof(value))] string? parameterName = null)
    {
        if (value is null) throw new ArgumentNullException(parameterName ?? nameof(value));
        if (type is null) throw new ArgumentNullException(nameof(type));
        return new RequestBody(JsonSerializer.SerializeToUtf8Bytes(value, type));
    }

    /// <summary>A body of raw JSON.</summary>
    /// <param name="value">The JSON.</param>
    /// <returns>The body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static RequestBody FromJson(JsonNode value)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        return new RequestBody(Write(value, static (writer, node) => node.WriteTo(writer)));
    }

    /// <summary>A body of raw JSON.</summary>
    /// <param name="value">The JSON.</param>
    /// <returns>The body.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is <c>default</c> (holds no JSON).</exception>
    public static RequestBody FromJson(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined) throw new ArgumentException("The element holds no JSON value.", nameof(value));
        return new RequestBody(Write(value, static (writer, element) => element.WriteTo(writer)));
    }

    /// <summary>
    /// A body from any object: raw JSON is written as it is; anything else with <paramref name="options"/>' metadata
    /// (reflection in a normal application; under NativeAOT, the options must name a resolver that knows the type).
    /// </summary>
    internal static RequestBody FromObject(object value, JsonSerializerOptions options, string parameterName)
    {
        if (value is null) throw new ArgumentNullException(parameterName);
        return value switch
        {
            RequestBody body => body,
            JsonNode node => FromJson(node),
            JsonElement element => FromJson(element),
            JsonDocument document => FromJson(document.RootElement),
            // GetTypeInfo rather than a reflection overload of Serialize: it asks the options' own resolver, so
            // the library stays free of reflection-only calls and an AOT application gets a clear error instead.
            _ => new RequestBody(JsonSerializer.SerializeToUtf8Bytes(value, options.GetTypeInfo(value.GetType()))),
        };
    }

    private static byte[] Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer, value);
        return buffer.WrittenSpan.ToArray();
    }
}
