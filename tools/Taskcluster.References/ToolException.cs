using System;

namespace Taskcluster.References;

/// <summary>A failure the user can act on: printed as <c>error: message</c>, and the process exits with <see cref="ExitCode"/>.</summary>
public sealed class ToolException : Exception
{
    /// <summary>Creates the failure.</summary>
    /// <param name="exitCode">One of <see cref="ExitCodes"/>.</param>
    /// <param name="message">What went wrong and, where possible, how to fix it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ToolException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code for this failure.</summary>
    public int ExitCode { get; }
}
