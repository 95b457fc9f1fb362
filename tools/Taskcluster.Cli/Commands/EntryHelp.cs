using System.Collections.Generic;
using System.CommandLine;
using System.Text;
using Taskcluster.Cli.References;

namespace Taskcluster.Cli.Commands;

/// <summary>
/// Builds the per-service and per-entry commands of <c>api</c> and <c>signed-url</c>, with help taken from the
/// reference: the entry's title and description, its route arguments, scopes and query parameters.
/// </summary>
internal static class EntryHelp
{
    /// <summary>One command per service, one sub-command per entry that <paramref name="include"/> accepts.</summary>
    public static IEnumerable<Command> ServiceCommands(
        IReadOnlyList<CatalogService> services, System.Func<ApiEntry, bool> include, System.Action<Command, CatalogService, ApiEntry, IReadOnlyList<Argument<string>>> configure)
    {
        foreach (var service in services)
        {
            var command = new Command(service.CommandName, ServiceDescription(service));
            foreach (var entry in service.Reference.ApiEntries)
            {
                if (!include(entry)) continue;
                var doc = service.DocOf(entry.Name);
                var entryCommand = new DetailedCommand(entry.Name, Title(entry, doc), Details(entry, doc));
                var arguments = new List<Argument<string>>();
                foreach (string name in entry.Args)
                {
                    var argument = new Argument<string>(name) { Description = "Route argument <" + name + ">" };
                    entryCommand.Arguments.Add(argument);
                    arguments.Add(argument);
                }
                configure(entryCommand, service, entry, arguments);
                command.Subcommands.Add(entryCommand);
            }
            yield return command;
        }
    }

    private static string ServiceDescription(CatalogService service)
    {
        var reference = service.Reference;
        string where = reference.BaseUrl is { } baseUrl ? $"{baseUrl} (2014 reference, addressed by base URL)" : $"<root URL>/api/{reference.ServiceName}/{reference.ApiVersion}";
        return $"{reference.Title}: {where}";
    }

    private static string Title(ApiEntry entry, EntryDoc doc)
    {
        string title = doc.Title.Length > 0 ? doc.Title : entry.Name;
        return doc.Stability is { } stability && stability != "stable" ? $"{title} ({stability})" : title;
    }

    /// <summary>How the entry is called and what it needs, then the reference's description.</summary>
    internal static string Details(ApiEntry entry, EntryDoc doc)
    {
        var text = new StringBuilder();
        text.Append(entry.Method.Method).Append(' ').AppendLine(entry.Route);
        text.Append("Scopes: ").AppendLine(entry.Scopes?.ToString() ?? "none");
        if (entry.Query.Count > 0) text.Append("Query (--query name=value): ").AppendLine(string.Join(", ", entry.Query));
        if (entry.HasInput) text.AppendLine("Payload: JSON on standard input.");
        if (doc.Description.Length > 0) text.AppendLine().AppendLine(doc.Description.Trim());
        return text.ToString().TrimEnd();
    }
}
