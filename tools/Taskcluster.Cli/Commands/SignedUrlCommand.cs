using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster.Cli.Configuration;
using Taskcluster.Cli.References;
using Taskcluster.Cli.Time;

namespace Taskcluster.Cli.Commands;

/// <summary>
/// <c>taskcluster signed-url &lt;service&gt; &lt;entry&gt; [args...] [--expires 15m]</c>: a URL of a GET entry with a
/// Hawk bewit, which anyone can fetch without credentials until it expires.
/// </summary>
internal static class SignedUrlCommand
{
    public const string Name = "signed-url";

    public static Command Create(GlobalSettings settings, ServiceCatalog? catalog)
    {
        var command = new Command(Name, "Print a signed URL (Hawk bewit) of a GET end-point, for someone without credentials to fetch until it expires.");
        if (catalog is null) return command;

        var query = ApiCommand.QueryOption();
        var expires = new Option<string>("--expires")
        {
            Description = "How long the URL stays valid, in fromNow's format (15m, 1 hour, 2 days)",
            HelpName = "duration",
            DefaultValueFactory = _ => "15 minutes",
        };
        // Only GET entries can be fetched from a URL; the others are left out so that naming one is a usage error.
        foreach (var service in EntryHelp.ServiceCommands(catalog.Apis, entry => entry.Method == HttpMethod.Get, (entryCommand, catalogService, entry, arguments) =>
                 {
                     entryCommand.Options.Add(expires);
                     if (entry.Query.Count > 0) entryCommand.Options.Add(query);
                     CommandActions.Set(entryCommand, (parsed, cancellationToken) =>
                         SignAsync(settings, parsed, catalogService, entry, arguments, query, expires));
                 }))
        {
            command.Subcommands.Add(service);
        }
        return command;
    }

    private static Task<int> SignAsync(
        GlobalSettings settings, ParseResult parsed, CatalogService service, ApiEntry entry, IReadOnlyList<Argument<string>> arguments,
        Option<string[]> queryOption, Option<string> expiresOption)
    {
        var lifetime = Lifetime(parsed.GetValue(expiresOption) ?? string.Empty);
        var client = ApiCommand.CreateClient(settings, parsed, service);
        if (client.ClientId is null)
            throw new UsageException($"Signing needs credentials: set {Credentials.ClientIdVariable} and {Credentials.AccessTokenVariable} (or pass --client-id and --access-token).");
        var query = ApiCommand.QueryValues(parsed, queryOption, entry);
        Console.Out.WriteLine(client.BuildSignedUrl(entry.Name, ApiCommand.Values(parsed, arguments), query, lifetime));
        return Task.FromResult(ExitCodes.Success);
    }

    private static TimeSpan Lifetime(string text)
    {
        if (!FromNow.TryParseOffset(text, out var offset, out string? problem)) throw new UsageException("--expires: " + problem);
        if (offset <= TimeSpan.Zero) throw new UsageException($"--expires must be in the future, not '{text}'.");
        return offset;
    }
}
