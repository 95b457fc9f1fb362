using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Parsing;

/// <summary>Collects what parsing one file produces, and turns JSON positions into diagnostic spans.</summary>
internal sealed class ParseContext
{
    private readonly List<ServiceModel> _services = new();
    private readonly List<DiagnosticInfo> _diagnostics = new();

    public ParseContext(string path) => Path = path;

    public string Path { get; }

    public void Add(ServiceModel service) => _services.Add(service);

    public void ClearServices() => _services.Clear();

    /// <summary>Reports a problem covering a whole JSON value.</summary>
    public void Report(DiagnosticDescriptor descriptor, JsonValue at, params string[] arguments)
        => Report(descriptor, at.Start, at.End, arguments);

    /// <summary>Reports a problem at an object's or array's opening character, to keep the squiggle short.</summary>
    public void ReportAtStart(DiagnosticDescriptor descriptor, JsonValue at, params string[] arguments)
    {
        var start = at.Start;
        var end = new TextPosition(start.Offset + 1, start.Line, start.Column + 1);
        Report(descriptor, start, end, arguments);
    }

    public void Report(DiagnosticDescriptor descriptor, TextPosition start, TextPosition end, params string[] arguments)
    {
        var span = new SourceSpan(Path, start.Offset, end.Offset - start.Offset, start.Line, start.Column, end.Line, end.Column);
        var wrapped = new MessageArgument[arguments.Length];
        for (int i = 0; i < arguments.Length; i++) wrapped[i] = new MessageArgument(arguments[i]);
        _diagnostics.Add(new DiagnosticInfo(descriptor.Id, new EquatableArray<MessageArgument>(wrapped), span));
    }

    public FileParseResult ToResult()
        => new(EquatableArray<ServiceModel>.From(_services), EquatableArray<DiagnosticInfo>.From(_diagnostics));
}
