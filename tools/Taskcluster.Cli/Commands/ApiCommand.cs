using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster.Cli.Configuration;
using Taskcluster.Cli.Output;
using Taskcluster.Cli.References;

namespace Taskcluster.Cli.Commands;

/// <summary>
/// <c>taskcluster api &lt;service&gt; &lt;entry&gt; [args...] [--query name=value ...]</c>: calls any entry of the
/// builtin references through a client made from the reference, with the payload (when the entry takes one) read from
/// stdin, and prints the JSON result.
/// </summary>
internal static class ApiCommand
{
    public const string Name = "api";

    public static Command Create(GlobalSettings settings, ServiceCatalog? catalog)
    {
        var command = new Command(Name, "Call an API end-point by service and entry name; the result is printed as JSON. " +
            "'taskcluster api <service> --help' lists a service's entries, 'taskcluster api <service> <entry> --help' describes one.");
        if (catalog is null) return command;

        var query = QueryOption();
        foreach (var service in EntryHelp.ServiceCommands(catalog.Apis, _ => true, (entryCommand, catalogService, entry, arguments) =>
                 {
                     if (entry.Query.Count > 0) entryCommand.Options.Add(query);
                     CommandActions.Set(entryCommand, (parsed, cancellationToken) =>
                         CallAsync(settings, parsed, catalogService, entry, arguments, query, cancellationToken));
                 }))
        {
            command.Subcommands.Add(service);
        }
        return command;
    }

    /// <summary>The repeatable <c>--query name=value</c> of entries that take query parameters.</summary>
    internal static Option<string[]> QueryOption() => new("--query", "-q")
    {
        Description = "A query-string parameter of the entry, as name=value; repeat for several",
        HelpName = "name=value",
        AllowMultipleArgumentsPerToken = false,
    };

    private static async Task<int> CallAsync(
        GlobalSettings settings, ParseResult parsed, CatalogService service, ApiEntry entry, IReadOnlyList<Argument<string>> arguments,
        Option<string[]> queryOption, CancellationToken cancellationToken)
    {
        var client = CreateClient(settings, parsed, service);
        var args = Values(parsed, arguments);
        var query = QueryValues(parsed, queryOption, entry);
        JsonElement? payload = entry.HasInput ? await ReadPayloadAsync(entry, cancellationToken).ConfigureAwait(false) : null;

        var result = await client.CallAsync(entry.Name, args, payload, query, cancellationToken).ConfigureAwait(false);
        if (entry.HasOutput) JsonOutput.WriteIndented(Console.Out, result);
        return ExitCodes.Success;
    }

    /// <summary>A client for the service; a 2014 reference has its own base URL and needs no root URL.</summary>
    internal static DynamicApiClient CreateClient(GlobalSettings settings, ParseResult parsed, CatalogService service)
        => service.Reference.CreateApiClient(settings.ClientOptions(parsed, rootUrlRequired: service.Reference.BaseUrl is null));

    internal static string[] Values(ParseResult parsed, IReadOnlyList<Argument<string>> arguments)
    {
        var values = new string[arguments.Count];
        for (int i = 0; i < values.Length; i++) values[i] = parsed.GetRequiredValue(arguments[i]);
        return values;
    }

    /// <summary>The <c>--query</c> values, checked against the entry's query parameters so a typo is a usage error.</summary>
    internal static Dictionary<string, string?> QueryValues(ParseResult parsed, Option<string[]> queryOption, ApiEntry entry)
    {
        var query = CommandActions.KeyValues(entry.Query.Count > 0 ? parsed.GetValue(queryOption) : null, "--query");
        foreach (string name in query.Keys)
        {
            if (!Contains(entry.Query, name))
            {
                throw new UsageException(entry.Query.Count == 0
                    ? $"'{entry.Name}' takes no query parameters."
                    : $"'{entry.Name}' has no query parameter '{name}'; it has: {string.Join(", ", entry.Query)}.");
            }
        }
        return query;
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (string each in names)
        {
            if (string.Equals(each, name, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static async Task<JsonElement> ReadPayloadAsync(ApiEntry entry, CancellationToken cancellationToken)
    {
        if (!Console.IsInputRedirected)
            Console.Error.WriteLine($"Reading the payload of '{entry.Name}' from standard input (end it with Ctrl+D)...");
        string text = await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException($"'{entry.Name}' needs a JSON payload on standard input.");
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new UsageException($"The payload on standard input is not JSON: {exception.Message}");
        }
    }
}
