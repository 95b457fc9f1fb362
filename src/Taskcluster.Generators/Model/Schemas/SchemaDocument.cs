using Taskcluster.Generators.Parsing;

namespace Taskcluster.Generators.Model.Schemas;

/// <summary>
/// One AdditionalFile chosen as a JSON schema, reduced to plain values so that an unchanged file compares equal
/// between runs.
/// </summary>
/// <param name="Path">The file's path, as the compiler knows it; diagnostics point at it.</param>
/// <param name="Text">The file's content ("" when it could not be read).</param>
/// <param name="ReadError">Why the file could not be read, or null when <paramref name="Text"/> is its content.</param>
/// <param name="Namespace">The <c>Namespace</c> metadata, or null for <c>Taskcluster.Models.&lt;Service&gt;</c>.</param>
internal sealed record SchemaFile(string Path, string Text, string? ReadError, string? Namespace);

/// <summary>Whether and how an object schema allows properties it does not list.</summary>
internal enum AdditionalPropertiesKind
{
    /// <summary>No <c>additionalProperties</c> keyword (JSON Schema then allows anything).</summary>
    Absent,

    /// <summary><c>additionalProperties: true</c>.</summary>
    Allowed,

    /// <summary><c>additionalProperties: false</c>.</summary>
    Forbidden,

    /// <summary><c>additionalProperties: {schema}</c>: every other property's value has that schema.</summary>
    Schema,
}

/// <summary>A literal of <c>enum</c> or <c>const</c>.</summary>
/// <param name="Kind">The JSON kind.</param>
/// <param name="Text">A string's value, a number's text, or "" for the other kinds.</param>
internal sealed record SchemaLiteral(JsonKind Kind, string Text);

/// <summary>A named sub-schema: one entry of <c>properties</c> or <c>definitions</c>.</summary>
/// <param name="Name">The property or definition name, as written in the schema.</param>
/// <param name="Schema">Its schema.</param>
internal sealed record SchemaProperty(string Name, SchemaNode Schema);

/// <summary>
/// One schema (a file's root or any sub-schema), keeping only the keywords the model generator uses. Value-equal,
/// so the parse of an unchanged file stays cached.
/// </summary>
/// <param name="Pointer">The JSON pointer from the file's root, escaped as RFC 6901 says ("" for the root).</param>
/// <param name="Offset">Where the schema (or its <c>$ref</c> value) starts in the file, for diagnostics.</param>
/// <param name="Line">The zero-based line of <paramref name="Offset"/>.</param>
/// <param name="Column">The zero-based column of <paramref name="Offset"/>.</param>
/// <param name="Length">How many characters a diagnostic about this schema underlines.</param>
/// <param name="Ref">The <c>$ref</c>, or null.</param>
/// <param name="Types">The <c>type</c> keyword's values (empty when absent).</param>
/// <param name="Format">The <c>format</c> ("" when absent).</param>
/// <param name="Title">The <c>title</c> ("" when absent).</param>
/// <param name="Description">The <c>description</c> ("" when absent).</param>
/// <param name="HasProperties">Whether the schema has a <c>properties</c> keyword (even an empty one).</param>
/// <param name="Properties">The <c>properties</c>, in file order.</param>
/// <param name="Required">The <c>required</c> names.</param>
/// <param name="AdditionalKind">What <c>additionalProperties</c> says.</param>
/// <param name="Additional">The <c>additionalProperties</c> schema, when it is one.</param>
/// <param name="Items">The <c>items</c> schema, or null.</param>
/// <param name="HasEnum">Whether the schema has an <c>enum</c> keyword.</param>
/// <param name="Enum">The <c>enum</c> values, in file order.</param>
/// <param name="Const">The <c>const</c> value, or null.</param>
/// <param name="OneOf">The <c>oneOf</c> branches.</param>
/// <param name="AnyOf">The <c>anyOf</c> branches.</param>
/// <param name="AllOf">The <c>allOf</c> branches.</param>
/// <param name="Definitions">The <c>definitions</c> (or <c>$defs</c>), in file order.</param>
/// <param name="Minimum">The <c>minimum</c> as written, or null.</param>
/// <param name="Maximum">The <c>maximum</c> as written, or null.</param>
internal sealed record SchemaNode(
    string Pointer,
    int Offset,
    int Line,
    int Column,
    int Length,
    string? Ref,
    EquatableArray<string> Types,
    string Format,
    string Title,
    string Description,
    bool HasProperties,
    EquatableArray<SchemaProperty> Properties,
    EquatableArray<string> Required,
    AdditionalPropertiesKind AdditionalKind,
    SchemaNode? Additional,
    SchemaNode? Items,
    bool HasEnum,
    EquatableArray<SchemaLiteral> Enum,
    SchemaLiteral? Const,
    EquatableArray<SchemaNode> OneOf,
    EquatableArray<SchemaNode> AnyOf,
    EquatableArray<SchemaNode> AllOf,
    EquatableArray<SchemaProperty> Definitions,
    string? Minimum,
    string? Maximum);

/// <summary>A schema file, read and identified.</summary>
/// <param name="Path">The file, for diagnostics.</param>
/// <param name="Id">The schema's id without fragment, for example <c>/schemas/queue/v1/task.json</c>; <c>$ref</c>s are resolved against it.</param>
/// <param name="Service">The service it belongs to, for example <c>queue</c>.</param>
/// <param name="Stem">The file name without <c>.json</c>, for example <c>task-status</c>: the root type's name comes from it.</param>
/// <param name="Namespace">The namespace its models go in.</param>
/// <param name="Root">The root schema.</param>
/// <param name="ReferencedIds">The ids of the other schema files it refers to, sorted, without duplicates.</param>
internal sealed record SchemaDocument(
    string Path,
    string Id,
    string Service,
    string Stem,
    string Namespace,
    SchemaNode Root,
    EquatableArray<string> ReferencedIds);

/// <summary>What reading one schema file yields.</summary>
/// <param name="Document">The schema, or null when the file could not be used.</param>
/// <param name="Diagnostics">The problems found, in file order.</param>
internal sealed record SchemaParseResult(SchemaDocument? Document, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// The schemas one namespace's models come from: its own files, plus the files of every other namespace they refer
/// to (directly or not), which are needed to name and type the referenced models.
/// </summary>
/// <param name="Namespace">The namespace whose models are generated.</param>
/// <param name="Service">The service name of the namespace's files (of the first, if they disagree).</param>
/// <param name="Documents">Every file needed, own and referenced, sorted by id.</param>
internal sealed record SchemaSet(string Namespace, string Service, EquatableArray<SchemaDocument> Documents);
