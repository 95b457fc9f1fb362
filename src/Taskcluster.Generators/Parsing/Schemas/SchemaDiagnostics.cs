using System.Collections.Generic;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Model.Schemas;

namespace Taskcluster.Generators.Parsing.Schemas;

/// <summary>Collects the problems found while reading schemas or building models from them.</summary>
internal sealed class SchemaDiagnostics
{
    private readonly List<DiagnosticInfo> _items = new();

    public int Count => _items.Count;

    public void Report(Rule rule, string path, int offset, int line, int column, int length, params string[] arguments)
    {
        var span = new SourceSpan(path, offset, length, line, column, line, column + length);
        var wrapped = new MessageArgument[arguments.Length];
        for (int i = 0; i < arguments.Length; i++) wrapped[i] = new MessageArgument(arguments[i]);
        _items.Add(new DiagnosticInfo(rule.Id, new EquatableArray<MessageArgument>(wrapped), span));
    }

    /// <summary>Reports a problem at the start of a file.</summary>
    public void ReportAtStart(Rule rule, string path, params string[] arguments) => Report(rule, path, 0, 0, 0, 0, arguments);

    /// <summary>Reports a problem at a schema (its <c>$ref</c> value, or its first character).</summary>
    public void Report(Rule rule, string path, SchemaNode at, params string[] arguments)
        => Report(rule, path, at.Offset, at.Line, at.Column, at.Length, arguments);

    /// <summary>Reports a problem covering a JSON value.</summary>
    public void Report(Rule rule, string path, JsonValue at, params string[] arguments)
    {
        // Keep the squiggle on one line: a value's first character for objects and arrays, the whole value otherwise.
        int length = at.Kind is JsonKind.Object or JsonKind.Array || at.End.Line != at.Start.Line
            ? 1
            : at.End.Offset - at.Start.Offset;
        Report(rule, path, at.Start.Offset, at.Start.Line, at.Start.Column, length, arguments);
    }

    public EquatableArray<DiagnosticInfo> ToArray() => EquatableArray<DiagnosticInfo>.From(_items);
}
