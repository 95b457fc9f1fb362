using System;
using System.Collections.Generic;
using System.Threading;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Model.Schemas;

namespace Taskcluster.Generators.Parsing.Schemas;

/// <summary>
/// Reads one JSON schema file into a <see cref="SchemaDocument"/>: works out its id and service, and keeps the
/// keywords the models need. Bad input becomes diagnostics; it never throws (an unexpected failure is TCGEN999).
/// </summary>
internal static class SchemaReader
{
    public static SchemaParseResult Read(SchemaFile file, CancellationToken cancellationToken)
    {
        var diagnostics = new SchemaDiagnostics();
        SchemaDocument? document = null;
        try
        {
            document = ReadFile(file, diagnostics, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // One file's bug must not take every other model down with it.
            document = null;
            diagnostics.ReportAtStart(Rules.UnexpectedFailure, file.Path, file.Path, exception.GetType().Name + ": " + exception.Message);
        }
        return new SchemaParseResult(document, diagnostics.ToArray());
    }

    private static SchemaDocument? ReadFile(SchemaFile file, SchemaDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        if (file.ReadError is not null)
        {
            diagnostics.ReportAtStart(Rules.UnusableSchema, file.Path, file.Path, "cannot be read: " + file.ReadError);
            return null;
        }

        JsonValue root;
        try
        {
            root = JsonReader.Parse(file.Text);
        }
        catch (JsonReaderException exception)
        {
            var at = exception.Position;
            int length = at.Offset < file.Text.Length ? 1 : 0;
            diagnostics.Report(Rules.InvalidSchemaJson, file.Path, at.Offset, at.Line, at.Column, length, file.Path, exception.Message);
            return null;
        }

        if (root.Kind != JsonKind.Object)
        {
            diagnostics.Report(Rules.UnusableSchema, file.Path, root, file.Path, "is " + root.KindDescription + "; a schema file must be a JSON object");
            return null;
        }

        string? id = null;
        var dollarId = root.Get("$id");
        if (dollarId is { Kind: JsonKind.String, Text: { } text }) id = SchemaReference.IdFromDollarId(text);
        id ??= SchemaReference.IdFromPath(file.Path);
        if (id is null)
        {
            diagnostics.Report(Rules.UnusableSchema, file.Path, dollarId ?? root, file.Path,
                "has no $id of the form \"/schemas/<service>/<version>/<name>.json#\" and its path does not end with <service>/<version>/<name>.json, so its service is unknown");
            return null;
        }
        string service = SchemaReference.ServiceOf(id)!;

        string ns;
        if (file.Namespace is { } given)
        {
            if (!Identifiers.IsNamespace(given))
            {
                diagnostics.ReportAtStart(Rules.InvalidNamespace, file.Path, given, file.Path);
                return null;
            }
            ns = given;
        }
        else
        {
            ns = TypeNames.DefaultNamespace(service);
        }

        var reader = new NodeReader(file.Path, id, diagnostics, cancellationToken);
        var node = reader.Read(root, new List<string>());
        var referenced = new List<string>(reader.ReferencedIds);
        referenced.Sort(StringComparer.Ordinal);
        return new SchemaDocument(file.Path, id, service, SchemaReference.StemOf(id), ns, node, EquatableArray<string>.From(referenced));
    }

    /// <summary>Walks one file's schemas, keeping the keywords the models need.</summary>
    private sealed class NodeReader
    {
        private readonly string _path;
        private readonly string _id;
        private readonly SchemaDiagnostics _diagnostics;
        private readonly CancellationToken _cancellationToken;

        public NodeReader(string path, string id, SchemaDiagnostics diagnostics, CancellationToken cancellationToken)
        {
            _path = path;
            _id = id;
            _diagnostics = diagnostics;
            _cancellationToken = cancellationToken;
        }

        public HashSet<string> ReferencedIds { get; } = new(StringComparer.Ordinal);

        public SchemaNode Read(JsonValue value, List<string> segments)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            string pointer = SchemaReference.Pointer(segments);
            int length = 1;
            int offset = value.Start.Offset, line = value.Start.Line, column = value.Start.Column;

            string? reference = null;
            var types = new List<string>();
            string format = "", title = "", description = "";
            bool hasProperties = false;
            var properties = new List<SchemaProperty>();
            var required = new List<string>();
            var additionalKind = AdditionalPropertiesKind.Absent;
            SchemaNode? additional = null, items = null;
            bool hasEnum = false;
            var enumValues = new List<SchemaLiteral>();
            SchemaLiteral? constant = null;
            var oneOf = new List<SchemaNode>();
            var anyOf = new List<SchemaNode>();
            var allOf = new List<SchemaNode>();
            var definitions = new List<SchemaProperty>();
            string? minimum = null, maximum = null;

            // true and {} allow anything; false allows nothing, which no generated type can express either: both
            // become a raw JSON value.
            if (value.Kind is JsonKind.True or JsonKind.False)
            {
                return Node(pointer, value, null, types, format, title, description, hasProperties, properties, required, additionalKind, additional,
                    items, hasEnum, enumValues, constant, oneOf, anyOf, allOf, definitions, minimum, maximum);
            }
            if (value.Kind != JsonKind.Object)
            {
                Wrong(value, segments.Count == 0 ? "(root)" : segments[segments.Count - 1], pointer, "a schema (an object or a boolean)");
                return Node(pointer, value, null, types, format, title, description, hasProperties, properties, required, additionalKind, additional,
                    items, hasEnum, enumValues, constant, oneOf, anyOf, allOf, definitions, minimum, maximum);
            }

            foreach (var property in value.Properties)
            {
                var v = property.Value;
                switch (property.Name)
                {
                    case "$ref":
                        if (v.Kind == JsonKind.String)
                        {
                            reference = v.Text!;
                            offset = v.Start.Offset;
                            line = v.Start.Line;
                            column = v.Start.Column;
                            length = v.End.Line == v.Start.Line ? v.End.Offset - v.Start.Offset : 1;
                            if (SchemaReference.TryResolve(_id, reference, out string target, out _) is null && target != _id) ReferencedIds.Add(target);
                        }
                        else Wrong(v, "$ref", pointer, "a string");
                        break;
                    case "type":
                        if (v.Kind == JsonKind.String) types.Add(v.Text!);
                        else if (v.Kind == JsonKind.Array && AllStrings(v)) foreach (var t in v.Items) types.Add(t.Text!);
                        else Wrong(v, "type", pointer, "a string or an array of strings");
                        break;
                    case "format":
                        if (v.Kind == JsonKind.String) format = v.Text!;
                        else Wrong(v, "format", pointer, "a string");
                        break;
                    case "title":
                        if (v.Kind == JsonKind.String) title = v.Text!;
                        else Wrong(v, "title", pointer, "a string");
                        break;
                    case "description":
                        if (v.Kind == JsonKind.String) description = v.Text!;
                        else Wrong(v, "description", pointer, "a string");
                        break;
                    case "properties":
                        if (v.Kind == JsonKind.Object)
                        {
                            hasProperties = true;
                            ReadMap(v, "properties", segments, properties);
                        }
                        else Wrong(v, "properties", pointer, "an object");
                        break;
                    case "definitions":
                    case "$defs":
                        if (v.Kind == JsonKind.Object) ReadMap(v, property.Name, segments, definitions);
                        else Wrong(v, property.Name, pointer, "an object");
                        break;
                    case "required":
                        if (v.Kind == JsonKind.Array && AllStrings(v)) foreach (var r in v.Items) required.Add(r.Text!);
                        else Wrong(v, "required", pointer, "an array of strings");
                        break;
                    case "additionalProperties":
                        if (v.Kind == JsonKind.True) additionalKind = AdditionalPropertiesKind.Allowed;
                        else if (v.Kind == JsonKind.False) additionalKind = AdditionalPropertiesKind.Forbidden;
                        else if (v.Kind == JsonKind.Object)
                        {
                            additionalKind = AdditionalPropertiesKind.Schema;
                            additional = Child(v, segments, "additionalProperties");
                        }
                        else Wrong(v, "additionalProperties", pointer, "a boolean or a schema");
                        break;
                    case "items":
                        if (v.Kind is JsonKind.Object or JsonKind.True or JsonKind.False) items = Child(v, segments, "items");
                        else Wrong(v, "items", pointer, "one schema (tuples of item schemas are not supported)");
                        break;
                    case "enum":
                        if (v.Kind == JsonKind.Array)
                        {
                            hasEnum = true;
                            foreach (var e in v.Items) enumValues.Add(Literal(e));
                        }
                        else Wrong(v, "enum", pointer, "an array");
                        break;
                    case "const":
                        constant = Literal(v);
                        break;
                    case "oneOf":
                    case "anyOf":
                    case "allOf":
                        if (v.Kind == JsonKind.Array)
                        {
                            var list = property.Name == "oneOf" ? oneOf : property.Name == "anyOf" ? anyOf : allOf;
                            for (int i = 0; i < v.Items.Count; i++) list.Add(Child(v.Items[i], segments, property.Name, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                        }
                        else Wrong(v, property.Name, pointer, "an array of schemas");
                        break;
                    case "minimum":
                        if (v.Kind == JsonKind.Number) minimum = v.Text;
                        else Wrong(v, "minimum", pointer, "a number");
                        break;
                    case "maximum":
                        if (v.Kind == JsonKind.Number) maximum = v.Text;
                        else Wrong(v, "maximum", pointer, "a number");
                        break;
                }
            }

            var node = Node(pointer, value, reference, types, format, title, description, hasProperties, properties, required, additionalKind,
                additional, items, hasEnum, enumValues, constant, oneOf, anyOf, allOf, definitions, minimum, maximum);
            return node with { Offset = offset, Line = line, Column = column, Length = length };
        }

        private static SchemaNode Node(
            string pointer, JsonValue value, string? reference, List<string> types, string format, string title, string description,
            bool hasProperties, List<SchemaProperty> properties, List<string> required, AdditionalPropertiesKind additionalKind,
            SchemaNode? additional, SchemaNode? items, bool hasEnum, List<SchemaLiteral> enumValues, SchemaLiteral? constant,
            List<SchemaNode> oneOf, List<SchemaNode> anyOf, List<SchemaNode> allOf, List<SchemaProperty> definitions,
            string? minimum, string? maximum)
            => new(pointer, value.Start.Offset, value.Start.Line, value.Start.Column, 1, reference,
                EquatableArray<string>.From(types), format, title, description, hasProperties,
                EquatableArray<SchemaProperty>.From(properties), EquatableArray<string>.From(required), additionalKind, additional, items,
                hasEnum, EquatableArray<SchemaLiteral>.From(enumValues), constant, EquatableArray<SchemaNode>.From(oneOf),
                EquatableArray<SchemaNode>.From(anyOf), EquatableArray<SchemaNode>.From(allOf),
                EquatableArray<SchemaProperty>.From(definitions), minimum, maximum);

        private SchemaNode Child(JsonValue value, List<string> segments, params string[] more)
        {
            var child = new List<string>(segments);
            child.AddRange(more);
            return Read(value, child);
        }

        private void ReadMap(JsonValue map, string keyword, List<string> segments, List<SchemaProperty> into)
        {
            foreach (var entry in map.Properties)
            {
                into.Add(new SchemaProperty(entry.Name, Child(entry.Value, segments, keyword, entry.Name)));
            }
        }

        private void Wrong(JsonValue value, string keyword, string pointer, string expected)
            => _diagnostics.Report(Rules.InvalidSchemaKeyword, _path, value, keyword, "#" + pointer, _path, expected);

        private static bool AllStrings(JsonValue array)
        {
            foreach (var item in array.Items)
            {
                if (item.Kind != JsonKind.String) return false;
            }
            return true;
        }

        private static SchemaLiteral Literal(JsonValue value) => new(value.Kind, value.Text ?? "");
    }
}
