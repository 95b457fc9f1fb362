using System;

namespace Taskcluster.Cli;

/// <summary>
/// The command line or the configuration cannot work (a missing root URL, a malformed <c>name=value</c>, a payload
/// that is not JSON): reported on stderr and the process exits with <see cref="ExitCodes.Usage"/>.
/// </summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
