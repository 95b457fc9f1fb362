using System;

namespace Taskcluster;

/// <summary>
/// A reference document is not valid JSON or does not have the shape of a TaskCluster reference. The message says
/// which rule it breaks (the same <c>TCGEN</c> id the source generator reports for it) and where: a JSON path such as
/// <c>entries[3].route</c>, a line and a column.
/// </summary>
public sealed class ReferenceFormatException : FormatException
{
    /// <summary>Creates the exception for a problem at a place in the document.</summary>
    /// <param name="message">The full message, location included.</param>
    /// <param name="jsonPath">Where in the document the problem is, for example <c>entries[3].route</c>.</param>
    /// <param name="lineNumber">The 1-based line of the problem.</param>
    /// <param name="columnNumber">The 1-based column (in characters) of the problem within its line.</param>
    /// <param name="ruleId">The rule broken, for example <c>TCGEN012</c>.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ReferenceFormatException(
        string message, string jsonPath, long? lineNumber = null, long? columnNumber = null, string? ruleId = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        JsonPath = jsonPath ?? string.Empty;
        LineNumber = lineNumber;
        ColumnNumber = columnNumber;
        RuleId = ruleId ?? string.Empty;
    }

    /// <summary>
    /// Where in the document the problem is, for example <c>entries[3].route</c> or, in an <c>apis.json</c> map,
    /// <c>Queue.reference.entries[3].route</c>; empty for the document as a whole and for invalid JSON.
    /// </summary>
    public string JsonPath { get; }

    /// <summary>The 1-based line of the problem, or null when unknown.</summary>
    public long? LineNumber { get; }

    /// <summary>The 1-based column (in characters) of the problem within its line, or null when unknown.</summary>
    public long? ColumnNumber { get; }

    /// <summary>
    /// The rule the document breaks, for example <c>TCGEN001</c> for invalid JSON: the id the source generator reports
    /// for the same problem. Empty when unknown.
    /// </summary>
    public string RuleId { get; }
}
