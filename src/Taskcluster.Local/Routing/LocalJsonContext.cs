using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Taskcluster.Local;

/// <summary>
/// Metadata for the JSON the stand-in writes without a model (answers of entries that have no output schema, error
/// bodies, the legacy scheduler), so that those too are written without reflection.
/// </summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class LocalJsonContext : JsonSerializerContext
{
}
