namespace Taskcluster.Generators.Model;

/// <summary>
/// A place in a reference file. Kept as plain numbers (not a Roslyn Location) so that diagnostics can be cached
/// with the rest of the parse result.
/// </summary>
/// <param name="FilePath">The file.</param>
/// <param name="Start">The offset of the first character.</param>
/// <param name="Length">The number of characters.</param>
/// <param name="StartLine">The zero-based line of the first character.</param>
/// <param name="StartColumn">The zero-based column of the first character.</param>
/// <param name="EndLine">The zero-based line just after the last character.</param>
/// <param name="EndColumn">The zero-based column just after the last character.</param>
internal sealed record SourceSpan(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>A problem found in a reference, to be reported as a compiler diagnostic.</summary>
/// <param name="Id">The diagnostic id, for example <c>TCGEN001</c>.</param>
/// <param name="Arguments">The values for the message format, in order.</param>
/// <param name="Span">Where the problem is.</param>
internal sealed record DiagnosticInfo(string Id, EquatableArray<MessageArgument> Arguments, SourceSpan Span);

/// <summary>One value of a diagnostic message (a wrapper so the arguments stay a value-equal array of records).</summary>
/// <param name="Value">The text.</param>
internal sealed record MessageArgument(string Value);

/// <summary>What one reference file yields: the services it defines and the problems found in it.</summary>
/// <param name="Services">The services, in file order.</param>
/// <param name="Diagnostics">The problems, in file order.</param>
internal sealed record FileParseResult(EquatableArray<ServiceModel> Services, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The C# source of one generated client.</summary>
/// <param name="HintName">The name the source is added under, for example <c>Queue.g.cs</c>.</param>
/// <param name="Text">The source.</param>
internal sealed record GeneratedSource(string HintName, string Text);
