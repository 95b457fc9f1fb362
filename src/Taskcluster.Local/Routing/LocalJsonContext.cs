using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Taskcluster.Local;

/// <summary>
/// Metadata for the JSON the stand-in writes without a model (answers of entries that have no output schema, error
/// bodies, the legacy scheduler), so that those too are written without reflection.
/// </summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class LocalJsonContext : JsonSerializerContext
{
}

/// <summary>Wire names of the generated enums, for the places that need them as text: messages and scope parameters.</summary>
internal static class Wire
{
    /// <summary>The JSON string <paramref name="value"/> is written as, for example <c>very-high</c> for <c>TaskPriority.VeryHigh</c>.</summary>
    public static string Name<T>(T value, JsonTypeInfo<T> type) where T : struct, System.Enum
        => JsonSerializer.SerializeToElement(value, type).GetString()!;
}
