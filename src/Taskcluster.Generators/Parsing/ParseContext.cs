using System.Collections.Generic;
using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Parsing;

/// <summary>Collects what parsing one file produces, and turns JSON positions into diagnostic spans.</summary>
internal sealed class ParseContext
{
    private readonly List<ServiceModel> _services = new();
    private readonly List<DiagnosticInfo> _diagnostics = new();

    /// <summary>Starts collecting for one file.</summary>
    /// <param name="path">The file, for diagnostics.</param>
    /// <param name="checksCSharpNames">
    /// Whether to apply the naming rules (<see cref="Rule.IsNamingRule"/>): the generator does, the run-time reader,
    /// which makes no C# names, does not.
    /// </param>
    public ParseContext(string path, bool checksCSharpNames = true)
    {
        Path = path;
        ChecksCSharpNames = checksCSharpNames;
    }

    public string Path { get; }

    public bool ChecksCSharpNames { get; }

    /// <summary>Whether any problem has been reported.</summary>
    public bool HasProblems => _diagnostics.Count > 0;

    public void Add(ServiceModel service) => _services.Add(service);

    public void ClearServices() => _services.Clear();

    /// <summary>Reports a problem covering a whole JSON value.</summary>
    public void Report(Rule rule, JsonValue at, params string[] arguments)
        => Report(rule, at.Start, at.End, arguments);

    /// <summary>Reports a problem at an object's or array's opening character, to keep the squiggle short.</summary>
    public void ReportAtStart(Rule rule, JsonValue at, params string[] arguments)
    {
        var start = at.Start;
        var end = new TextPosition(start.Offset + 1, start.Line, start.Column + 1);
        Report(rule, start, end, arguments);
    }

    public void Report(Rule rule, TextPosition start, TextPosition end, params string[] arguments)
    {
        var span = new SourceSpan(Path, start.Offset, end.Offset - start.Offset, start.Line, start.Column, end.Line, end.Column);
        var wrapped = new MessageArgument[arguments.Length];
        for (int i = 0; i < arguments.Length; i++) wrapped[i] = new MessageArgument(arguments[i]);
        _diagnostics.Add(new DiagnosticInfo(rule.Id, new EquatableArray<MessageArgument>(wrapped), span));
    }

    public FileParseResult ToResult()
        => new(EquatableArray<ServiceModel>.From(_services), EquatableArray<DiagnosticInfo>.From(_diagnostics));
}
