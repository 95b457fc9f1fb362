using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Taskcluster.Local;

/// <summary>Wire names of the generated enums, for the places that need them as text: messages and scope parameters.</summary>
internal static class Wire
{
    /// <summary>The JSON string <paramref name="value"/> is written as, for example <c>very-high</c> for <c>TaskPriority.VeryHigh</c>.</summary>
    public static string Name<T>(T value, JsonTypeInfo<T> type) where T : struct, Enum
        => JsonSerializer.SerializeToElement(value, type).GetString()!;
}
