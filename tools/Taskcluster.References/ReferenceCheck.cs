using System.Collections.Generic;
using System.Text.Json;

namespace Taskcluster.References;

/// <summary>
/// The one place the tool asks the runtime whether a reference is valid. Every command goes through here, so what
/// the tool accepts follows the runtime's <see cref="Reference"/> parser exactly, whichever reference formats that
/// parser reads.
/// </summary>
public static class ReferenceCheck
{
    /// <summary>Checks one reference with the runtime's parser.</summary>
    /// <param name="reference">The reference JSON.</param>
    /// <returns>The parsed reference.</returns>
    /// <exception cref="ReferenceFormatException">The runtime cannot use it; the message says where and why.</exception>
    public static Reference Validate(JsonElement reference) => Reference.Parse(reference);

    /// <summary>Checks an <c>apis.json</c>-shaped map with the runtime's parser.</summary>
    /// <param name="map">The map JSON.</param>
    /// <returns>The parsed references by name.</returns>
    /// <exception cref="ReferenceFormatException">The map or one of its references is malformed.</exception>
    public static IReadOnlyDictionary<string, Reference> ValidateMap(JsonElement map) => Reference.ParseMap(map);
}
