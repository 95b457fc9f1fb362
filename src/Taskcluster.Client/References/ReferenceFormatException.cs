using System;

namespace Taskcluster;

/// <summary>
/// A reference document is not valid JSON or does not have the shape of a TaskCluster reference. The message says
/// what is wrong and where: a JSON path such as <c>entries[3].route</c>, and for invalid JSON the line and byte.
/// </summary>
public sealed class ReferenceFormatException : FormatException
{
    /// <summary>Creates the exception for a problem at a JSON path.</summary>
    /// <param name="message">The full message, location included.</param>
    /// <param name="jsonPath">Where in the document the problem is, for example <c>entries[3].route</c>.</param>
    /// <param name="lineNumber">The 1-based line of invalid JSON, or null when the JSON itself is valid.</param>
    /// <param name="bytePositionInLine">The 1-based byte within that line, or null.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ReferenceFormatException(
        string message, string jsonPath, long? lineNumber = null, long? bytePositionInLine = null, Exception? innerException = null)
        : base(message, innerException)
    {
        JsonPath = jsonPath ?? string.Empty;
        LineNumber = lineNumber;
        BytePositionInLine = bytePositionInLine;
    }

    /// <summary>
    /// Where in the document the problem is, for example <c>entries[3].route</c> or, in an <c>apis.json</c> map,
    /// <c>Queue.reference.entries[3].route</c>; empty for the document as a whole and for invalid JSON, whose
    /// location is <see cref="LineNumber"/> and <see cref="BytePositionInLine"/>.
    /// </summary>
    public string JsonPath { get; }

    /// <summary>For invalid JSON: the 1-based line of the error; otherwise null.</summary>
    public long? LineNumber { get; }

    /// <summary>For invalid JSON: the 1-based byte position of the error within its line; otherwise null.</summary>
    public long? BytePositionInLine { get; }
}
