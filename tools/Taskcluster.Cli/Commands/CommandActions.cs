using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster.Cli.Commands;

/// <summary>
/// Runs a command's work and turns what went wrong into a message on stderr and an exit code: usage problems 2,
/// failed calls 1. Messages are the exception's own, which the SDK keeps free of access tokens; stack traces are
/// never printed (they say nothing to a user and can show request details).
/// </summary>
internal static class CommandActions
{
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> work)
        => command.SetAction((parsed, cancellationToken) => RunAsync(parsed, work, cancellationToken));

    private static async Task<int> RunAsync(ParseResult parsed, Func<ParseResult, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work(parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (UsageException exception)
        {
            return Fail(exception.Message, ExitCodes.Usage);
        }
        catch (ArgumentException exception)
        {
            // The SDK checks what the user typed (a query name the entry does not have, a routing value with a dot)
            // and says so with an ArgumentException before anything is sent.
            return Fail(WithoutParameterName(exception), ExitCodes.Usage);
        }
        catch (TaskclusterException exception)
        {
            string code = exception.ErrorCode is null ? string.Empty : $" [{exception.ErrorCode}]";
            return Fail(exception.Message + code, ExitCodes.Failure);
        }
        catch (Exception exception) when (exception is ArtifactErrorException or IOException or UnauthorizedAccessException
                                              or InvalidDataException or NotSupportedException or AmqpConnectionException
                                              or InvalidOperationException)
        {
            return Fail(exception.Message, ExitCodes.Failure);
        }
    }

    /// <summary>The message without .NET's "(Parameter 'routing')" suffix, which names our code's parameter, not the user's.</summary>
    private static string WithoutParameterName(ArgumentException exception)
    {
        string message = exception.Message;
        string suffix = $" (Parameter '{exception.ParamName}')";
        return exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message.Substring(0, message.Length - suffix.Length) : message;
    }

    private static int Fail(string message, int exitCode)
    {
        Console.Out.Flush();
        Console.Error.WriteLine("taskcluster: " + message);
        return exitCode;
    }

    /// <summary>Splits repeated <c>name=value</c> option values; the same name twice is refused rather than guessed at.</summary>
    /// <exception cref="UsageException">A value has no <c>=</c>, an empty name, or repeats a name.</exception>
    public static Dictionary<string, string?> KeyValues(IEnumerable<string>? values, string optionName)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (values is null) return result;
        foreach (string value in values)
        {
            int equals = value.IndexOf('=');
            if (equals <= 0) throw new UsageException($"{optionName} takes name=value, not '{value}'.");
            string name = value.Substring(0, equals);
            if (!result.TryAdd(name, value.Substring(equals + 1))) throw new UsageException($"{optionName} {name} is given twice.");
        }
        return result;
    }
}
