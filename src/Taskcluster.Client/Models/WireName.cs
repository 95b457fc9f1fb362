using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Taskcluster.Models;

/// <summary>The text TaskCluster uses for a generated enum's value, for printing it or putting it in a scope or URL.</summary>
public static class WireName
{
    /// <summary>
    /// The JSON string <paramref name="value"/> is written as: <c>very-high</c> for <c>TaskPriority.VeryHigh</c>,
    /// <c>completed</c> for <c>TaskStatusState.Completed</c>. It comes from the enum's generated converter, so it is
    /// the same text the model writes, and needs no reflection.
    /// </summary>
    /// <typeparam name="T">A generated enum.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="type">The enum's metadata, for example <c>QueueJsonContext.Default.TaskStatusState</c>.</param>
    /// <returns>The wire text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="type"/> is null.</exception>
    /// <exception cref="JsonException"><paramref name="value"/> is <c>Unknown</c>: it stands for text this SDK does not know.</exception>
    public static string Of<T>(T value, JsonTypeInfo<T> type) where T : struct, Enum
    {
        if (type is null) throw new ArgumentNullException(nameof(type));
        return JsonSerializer.SerializeToElement(value, type).GetString()
            ?? throw new JsonException($"{typeof(T).Name}.{value} is not written as a string.");
    }
}
