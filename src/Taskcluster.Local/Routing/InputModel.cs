using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Taskcluster.Local;

/// <summary>
/// How one entry's payload is read: into the generated model of the entry's input schema, with the model's own
/// converter (no reflection). What the model cannot take — a required property missing, a value of the wrong type —
/// is a 400 <c>InputValidationError</c> carrying the model's message, which names the property.
/// </summary>
/// <remarks>
/// The models keep properties they do not know in <c>ExtensionData</c>, so that a client never loses what a newer
/// TaskCluster sends. A server must not: every input schema the stand-in reads says <c>additionalProperties: false</c>
/// (for the nested objects too, such as a task's <c>metadata</c>), and TaskCluster refuses such a payload, so the
/// stand-in refuses it as well rather than keeping the property and handing it back from <c>task</c>.
/// </remarks>
internal sealed class InputModel
{
    private readonly Func<JsonNode, string, object> _read;

    private InputModel(Func<JsonNode, string, object> read) => _read = read;

    /// <summary>Reads payloads as <typeparamref name="T"/>.</summary>
    /// <param name="type">The model's metadata, from its service's generated JSON context.</param>
    /// <param name="closedParts">
    /// The objects of a read value whose schema allows no other properties, each with where it is (<c>""</c> for the
    /// payload itself, <c>"metadata."</c> for a nested one) and the properties its model did not know.
    /// </param>
    public static InputModel Of<T>(JsonTypeInfo<T> type, Func<T, IEnumerable<(string Path, IDictionary<string, JsonElement>? Unknown)>> closedParts)
        where T : class
        => new((payload, subject) =>
        {
            T value = Deserialize(payload, type, subject);
            var unknown = closedParts(value)
                .SelectMany(part => (part.Unknown?.Keys ?? Enumerable.Empty<string>()).Select(name => part.Path + name))
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();
            if (unknown.Count > 0)
            {
                throw ServiceError.InvalidInput(
                    $"{subject} may not have {(unknown.Count == 1 ? "the property" : "the properties")} " +
                    $"{string.Join(", ", unknown.Select(name => "\"" + name + "\""))}: its schema allows no properties beyond the ones it lists.");
            }
            return value;
        });

    /// <summary>Reads <paramref name="payload"/>, which the router has already parsed as JSON.</summary>
    /// <param name="payload">The JSON.</param>
    /// <param name="subject">What it is, for messages: <c>'createTask' payload</c>.</param>
    /// <exception cref="ServiceError">A 400 InputValidationError: the payload does not fit the model.</exception>
    public object Read(JsonNode? payload, string subject)
        => payload is null ? throw NotAnObject(subject) : _read(payload, subject);

    private static T Deserialize<T>(JsonNode payload, JsonTypeInfo<T> type, string subject) where T : class
    {
        try
        {
            return payload.Deserialize(type) ?? throw NotAnObject(subject);
        }
        catch (JsonException exception)
        {
            throw ServiceError.InvalidInput(exception.Message);
        }
    }

    private static ServiceError NotAnObject(string subject) => ServiceError.InvalidInput($"{subject} must be a JSON object, not null.");
}
