using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Threading;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Parsing;

namespace Taskcluster;

/// <summary>
/// Turns reference JSON into <see cref="Reference"/>s with the generator's own parser (linked into this assembly), so
/// a reference is accepted or rejected here for exactly the reasons the generator accepts or rejects it. The first
/// problem becomes a <see cref="ReferenceFormatException"/> with the JSON path, line and column where it is.
/// </summary>
/// <remarks>
/// The generator's rules about C# names (a reference can be valid yet make no usable class) are left out: nothing
/// here becomes a C# name.
/// </remarks>
internal static class ReferenceReader
{
    public static Reference ReadOne(string json, string? source, string? referenceUrl = null)
    {
        var services = Read(json, source, ReferenceLayout.Single, out _);
        return ToReference(services[0], referenceUrl);
    }

    public static IReadOnlyDictionary<string, Reference> ReadMap(string json, string? source)
    {
        var services = Read(json, source, ReferenceLayout.Map, out var keys);
        var references = new Dictionary<string, Reference>(StringComparer.Ordinal);
        for (int i = 0; i < services.Count; i++)
        {
            references[keys[i]] = ToReference(services[i], services[i].ReferenceUrl.Length == 0 ? null : services[i].ReferenceUrl);
        }
        return new ReadOnlyDictionary<string, Reference>(references);
    }

    private static IReadOnlyList<ServiceModel> Read(string json, string? source, ReferenceLayout layout, out List<string> keys)
    {
        var file = new ReferenceFile(source ?? "reference", json, ClassNameOverride: "the reference");
        var result = ReferenceParser.Parse(file, CancellationToken.None, layout, checksCSharpNames: false);
        if (result.Diagnostics.Count > 0) throw Fail(json, source, result.Diagnostics[0]);

        // The map's keys are the names callers look references up by; the parser keeps them as class names only
        // after turning them into identifiers, so take them from the JSON itself, in the same order.
        keys = new List<string>();
        if (layout == ReferenceLayout.Map)
        {
            foreach (var property in JsonReader.Parse(json).Properties) keys.Add(property.Name);
        }
        return result.Services;
    }

    private static Reference ToReference(ServiceModel service, string? referenceUrl)
    {
        if (service.Kind == ServiceKind.Api)
        {
            var functions = new List<ApiEntry>(service.Functions.Count);
            foreach (var function in service.Functions)
            {
                var args = new string[function.Args.Count];
                for (int i = 0; i < args.Length; i++) args[i] = function.Args[i].Name;
                var query = new string[function.Query.Count];
                for (int i = 0; i < query.Length; i++) query[i] = function.Query[i].Name;
                functions.Add(new ApiEntry(
                    function.Name, function.Method, function.Route, args, function.Input is not null, function.Output is not null,
                    function.Scopes is null ? null : ToExpression(function.Scopes), query));
            }
            return new Reference(ReferenceKind.Api, service.Version, service.Title, service.Description,
                service.ServiceName.Length == 0 ? service.BaseUrlOrPrefix : null, null,
                functions.AsReadOnly(), Array.Empty<ExchangeEntry>(), referenceUrl, Empty(service.ServiceName), Empty(service.ApiVersion));
        }

        var exchanges = new List<ExchangeEntry>(service.Exchanges.Count);
        foreach (var exchange in service.Exchanges)
        {
            var elements = new List<RoutingKeyElement>(exchange.RoutingKey.Count);
            foreach (var element in exchange.RoutingKey)
            {
                elements.Add(new RoutingKeyElement(element.Name, element.Summary, element.Constant, element.Required, element.MultipleWords, element.MaxSize));
            }
            exchanges.Add(new ExchangeEntry(exchange.Name, exchange.Exchange, elements.AsReadOnly(), exchange.Title));
        }
        return new Reference(ReferenceKind.Exchanges, service.Version, service.Title, service.Description, null,
            service.BaseUrlOrPrefix, Array.Empty<ApiEntry>(), exchanges.AsReadOnly(), referenceUrl,
            Empty(service.ServiceName), Empty(service.ApiVersion));
    }

    private static string? Empty(string text) => text.Length == 0 ? null : text;

    internal static ScopeExpression ToExpression(ScopeExpressionModel model)
    {
        switch (model.Kind)
        {
            case ScopeNodeKind.Scope:
                return ScopeExpression.Scope(model.Text);
            case ScopeNodeKind.If:
                return ScopeExpression.If(model.Text, ToExpression(model.Then!), model.Else is null ? null : ToExpression(model.Else));
            case ScopeNodeKind.ForEach:
                return ScopeExpression.ForEach(model.Variable, model.List, model.Text);
            default:
                var items = new ScopeExpression[model.Items.Count];
                for (int i = 0; i < items.Length; i++) items[i] = ToExpression(model.Items[i]);
                return model.Kind == ScopeNodeKind.AllOf ? ScopeExpression.AllOf(items) : ScopeExpression.AnyOf(items);
        }
    }

    private static ReferenceFormatException Fail(string json, string? source, DiagnosticInfo problem)
    {
        var rule = Rules.ById(problem.Id);
        var arguments = new object[problem.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++) arguments[i] = problem.Arguments[i].Value;
        string text = string.Format(CultureInfo.InvariantCulture, rule.MessageFormat, arguments);
        // Editors count lines and columns from 1; the parser counts from 0.
        long line = problem.Span.StartLine + 1;
        long column = problem.Span.StartColumn + 1;
        string path = rule == Rules.InvalidJson ? string.Empty : JsonPathAt(json, problem.Span.Start);
        string where = path.Length == 0 ? $"line {line}, column {column}" : $"{path} (line {line}, column {column})";
        string prefix = source is null ? string.Empty : source + ": ";
        return new ReferenceFormatException($"{prefix}{rule.Id} at {where}: {text}", path, line, column, rule.Id);
    }

    /// <summary>The JSON path of the innermost value or property name at <paramref name="offset"/>.</summary>
    private static string JsonPathAt(string json, int offset)
    {
        try
        {
            return PathWithin(JsonReader.Parse(json), offset, string.Empty);
        }
        catch (JsonReaderException)
        {
            return string.Empty;
        }
    }

    private static string PathWithin(JsonValue value, int offset, string path)
    {
        foreach (var property in value.Properties)
        {
            if (offset >= property.NameStart.Offset && offset < property.NameEnd.Offset) return Child(path, property.Name);
            if (offset >= property.Value.Start.Offset && offset < property.Value.End.Offset)
                return PathWithin(property.Value, offset, Child(path, property.Name));
        }
        for (int i = 0; i < value.Items.Count; i++)
        {
            var item = value.Items[i];
            if (offset >= item.Start.Offset && offset < item.End.Offset)
                return PathWithin(item, offset, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
        }
        return path;
    }

    private static string Child(string path, string name)
    {
        bool simple = name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_' || name[0] == '$');
        foreach (char c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '$')) simple = false;
        }
        if (!simple) return path + "['" + name.Replace("'", "\\'") + "']";
        return path.Length == 0 ? name : path + "." + name;
    }
}
