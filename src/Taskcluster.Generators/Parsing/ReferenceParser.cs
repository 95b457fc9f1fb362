using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Parsing;

/// <summary>How a reference file is laid out.</summary>
internal enum ReferenceLayout
{
    /// <summary>Decide from the content: a single reference has its own fields (entries, baseUrl, serviceName, ...).</summary>
    Detect,

    /// <summary>One reference.</summary>
    Single,

    /// <summary>A map from class name to <c>{"referenceUrl": ..., "reference": {...}}</c>, like <c>apis.json</c>.</summary>
    Map,
}

/// <summary>
/// Reads one reference file (an <c>apis.json</c>-style map of services, or a single reference) into service models
/// and problems. The one place the reference format's rules live: the generator compiles it, and the run-time reader
/// (<c>Taskcluster.Reference</c>) links the same file, so both accept and reject exactly the same references. It never
/// throws on bad input.
/// </summary>
/// <remarks>
/// Two formats are read. The 2014 format addresses an API by <c>baseUrl</c> and lists scopes as alternatives
/// (<c>[["a", "b"], ["c"]]</c>). Today's format has <c>serviceName</c> and <c>apiVersion</c> (the URL comes from a
/// deployment's root URL), <c>query</c> parameters, <c>stability</c>, and scopes as an expression.
/// </remarks>
internal static class ReferenceParser
{
    private const string EntryTablePrivateField = "s_entries";

    /// <summary>Parses a reference file. Bad input becomes diagnostics; an unexpected failure becomes TCGEN999.</summary>
    /// <param name="file">The file.</param>
    /// <param name="cancellationToken">Cancels parsing.</param>
    /// <param name="layout">Whether the file is one reference, a map, or either.</param>
    /// <param name="checksCSharpNames">Whether to apply the rules about generated C# names (the generator does).</param>
    public static FileParseResult Parse(
        ReferenceFile file, CancellationToken cancellationToken, ReferenceLayout layout = ReferenceLayout.Detect,
        bool checksCSharpNames = true)
    {
        var context = new ParseContext(file.Path, checksCSharpNames);
        try
        {
            ParseFile(file, context, layout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // Last resort: one file's bug must not take every other client down with it.
            context.ClearServices();
            var origin = new TextPosition(0, 0, 0);
            context.Report(Rules.UnexpectedFailure, origin, origin, file.Path, exception.GetType().Name + ": " + exception.Message);
        }
        return context.ToResult();
    }

    private static void ParseFile(ReferenceFile file, ParseContext context, ReferenceLayout layout, CancellationToken cancellationToken)
    {
        if (file.ReadError is not null)
        {
            var origin = new TextPosition(0, 0, 0);
            context.Report(Rules.Unreadable, origin, origin, file.Path, file.ReadError);
            return;
        }

        JsonValue root;
        try
        {
            root = JsonReader.Parse(file.Text);
        }
        catch (JsonReaderException exception)
        {
            var end = new TextPosition(exception.Position.Offset + 1, exception.Position.Line, exception.Position.Column + 1);
            if (end.Offset > file.Text.Length) end = exception.Position;
            context.Report(Rules.InvalidJson, exception.Position, end, FileName(file.Path), exception.Message);
            return;
        }

        if (root.Kind != JsonKind.Object)
        {
            string expected = layout switch
            {
                ReferenceLayout.Single => "a JSON object: one reference (with \"entries\")",
                ReferenceLayout.Map => "a JSON object: a map from class name to {\"referenceUrl\": \"...\", \"reference\": {...}}",
                _ => "a JSON object: either one reference (with \"entries\") or a map from class name to {\"reference\": {...}}",
            };
            context.ReportAtStart(Rules.InvalidReference, root, FileName(file.Path), FileName(file.Path), expected);
            return;
        }

        if (context.ChecksCSharpNames && file.Namespace is { } ns && !Identifiers.IsNamespace(ns))
        {
            var origin = new TextPosition(0, 0, 0);
            context.Report(Rules.InvalidNamespace, origin, origin, ns, FileName(file.Path));
            return;
        }
        context.Namespace = file.Namespace ?? "Taskcluster";

        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        // A single reference is recognised by its own fields, so that one lacking "entries" gets that diagnostic
        // rather than being mistaken for a map of services.
        if (layout == ReferenceLayout.Single || (layout == ReferenceLayout.Detect && LooksLikeOneReference(root)))
        {
            string className = file.ClassNameOverride ?? DefaultClassName(root, file.Path);
            ParseService(context, className, root, root, "", classes);
            return;
        }

        foreach (var property in root.Properties)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var service = property.Value;
            var keyEnd = property.NameEnd;
            if (service.Kind != JsonKind.Object)
            {
                context.Report(Rules.InvalidReference, service, property.Name, FileName(file.Path),
                    "an object {\"referenceUrl\": \"...\", \"reference\": {...}}");
                continue;
            }
            var reference = service.Get("reference");
            if (reference is null)
            {
                context.Report(Rules.MissingReferenceField, property.NameStart, keyEnd, property.Name, "reference",
                    "Each service in the map needs {\"referenceUrl\": \"...\", \"reference\": {...}}.");
                continue;
            }
            if (reference.Kind != JsonKind.Object)
            {
                context.Report(Rules.InvalidReference, reference, "reference", property.Name, "an object");
                continue;
            }
            string referenceUrl = service.Get("referenceUrl") is { Kind: JsonKind.String } url ? url.Text! : "";
            ParseService(context, Identifiers.ToPascalCase(property.Name), reference, KeyAsValue(property), referenceUrl, classes);
        }
    }

    private static void ParseService(
        ParseContext context, string className, JsonValue reference, JsonValue nameLocation, string referenceUrl,
        Dictionary<string, string> classes)
    {
        if (context.ChecksCSharpNames)
        {
            string? problem = ClassNameProblem(className);
            if (problem is not null)
            {
                ReportAtName(context, Rules.InvalidClassName, nameLocation, FileName(context.Path), className, problem);
                return;
            }
            if (classes.TryGetValue(className, out string? earlier))
            {
                ReportAtName(context, Rules.DuplicateClass, nameLocation, className, FileName(context.Path), className, earlier);
                return;
            }
        }

        var schema = reference.Get("$schema");
        if (schema is { Kind: JsonKind.String } && OtherReferenceKind(schema.Text!) is { } otherKind)
        {
            context.Report(Rules.UnsupportedReferenceKind, schema, className, otherKind);
            return;
        }
        bool declaredExchanges = schema is { Kind: JsonKind.String } && schema.Text!.IndexOf("exchanges-reference", StringComparison.Ordinal) >= 0;

        var entries = reference.Get("entries");
        var baseUrl = reference.Get("baseUrl");
        var prefix = reference.Get("exchangePrefix");
        var serviceName = reference.Get("serviceName");
        var apiVersion = reference.Get("apiVersion");
        if (entries is null)
        {
            context.ReportAtStart(Rules.MissingReferenceField, reference, className, "entries",
                "Add \"entries\": [...] with the reference's functions or exchanges.");
            return;
        }
        if (entries.Kind != JsonKind.Array)
        {
            context.Report(Rules.InvalidReference, entries, "entries", className, "an array of entries");
            return;
        }
        if (declaredExchanges && prefix is null)
        {
            context.ReportAtStart(Rules.MissingReferenceField, reference, className, "exchangePrefix",
                "Its $schema says it is an exchanges reference; add the \"exchangePrefix\" its exchanges are named with.");
            return;
        }
        if (baseUrl is null && prefix is null && serviceName is null)
        {
            context.ReportAtStart(Rules.MissingReferenceField, reference, className, "serviceName",
                "Add \"serviceName\" and \"apiVersion\" (today's format) or \"baseUrl\" (2014 format) for an API reference, or \"exchangePrefix\" for an exchange reference.");
            return;
        }
        if (baseUrl is not null && prefix is not null)
        {
            context.Report(Rules.InvalidReference, prefix, "exchangePrefix", className,
                "absent when \"baseUrl\" is given: a reference describes either an API or exchanges; split it in two");
            return;
        }
        var kind = prefix is null ? ServiceKind.Api : ServiceKind.Exchanges;
        if (baseUrl is not null && baseUrl.Kind != JsonKind.String)
        {
            context.Report(Rules.InvalidReference, baseUrl, "baseUrl", className, "a string");
            return;
        }
        if (prefix is not null && prefix.Kind != JsonKind.String)
        {
            context.Report(Rules.InvalidReference, prefix, "exchangePrefix", className, "a string");
            return;
        }
        if (baseUrl is not null && !IsHttpUrl(baseUrl.Text!))
        {
            context.Report(Rules.InvalidReference, baseUrl, "baseUrl", className, "an absolute http or https URL");
            return;
        }
        // Today's format: an API is addressed as <rootUrl>/api/<serviceName>/<apiVersion>, so both must be usable
        // as one URL path segment each. Exchange references carry them too, for provenance only.
        string serviceNameText = "";
        string apiVersionText = "";
        if (baseUrl is null)
        {
            if (kind == ServiceKind.Api || serviceName is not null)
            {
                if (!RequiredSegment(context, className, reference, serviceName, "serviceName", "the service's name, for example \"queue\"", out serviceNameText)) return;
            }
            if (kind == ServiceKind.Api || apiVersion is not null)
            {
                if (!RequiredSegment(context, className, reference, apiVersion, "apiVersion", "the API version, for example \"v1\"", out apiVersionText)) return;
            }
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var entryNames = new HashSet<string>(StringComparer.Ordinal);
        var functions = new List<FunctionModel>();
        var exchanges = new List<ExchangeModel>();
        for (int i = 0; i < entries.Items.Count; i++)
        {
            var entry = entries.Items[i];
            string label = EntryLabel(entry, i);
            if (entry.Kind != JsonKind.Object)
            {
                context.Report(Rules.WrongType, entry, "entry", label, className, "an object");
                continue;
            }
            var type = entry.Get("type");
            string expected = kind == ServiceKind.Api ? "function" : "topic-exchange";
            if (type is null)
            {
                context.ReportAtStart(Rules.MissingEntryField, entry, label, className, "type", "the string \"" + expected + "\"");
                continue;
            }
            if (type.Kind != JsonKind.String)
            {
                context.Report(Rules.WrongType, type, "type", label, className, "a string");
                continue;
            }
            if (!string.Equals(type.Text, expected, StringComparison.Ordinal))
            {
                context.Report(Rules.UnknownEntryType, type, label, className, type.Text!, expected);
                continue;
            }
            if (entry.Get("name") is { Kind: JsonKind.String } entryName && !entryNames.Add(entryName.Text!))
            {
                context.Report(Rules.DuplicateEntry, entryName, entryName.Text!, className);
                continue;
            }
            if (kind == ServiceKind.Api)
            {
                var function = ParseFunction(context, className, entry, label, names);
                if (function is not null) functions.Add(function);
            }
            else
            {
                var exchange = ParseExchange(context, className, entry, label, names);
                if (exchange is not null) exchanges.Add(exchange);
            }
        }

        classes[className] = FileName(context.Path);
        context.Add(new ServiceModel(
            context.Path,
            className,
            kind,
            OptionalString(reference, "title"),
            OptionalString(reference, "description"),
            OptionalString(reference, "version"),
            referenceUrl,
            (baseUrl ?? prefix)?.Text ?? "",
            serviceNameText,
            apiVersionText,
            EquatableArray<FunctionModel>.From(functions),
            EquatableArray<ExchangeModel>.From(exchanges),
            context.Namespace));
    }

    private static FunctionModel? ParseFunction(
        ParseContext context, string className, JsonValue entry, string label, Dictionary<string, string> names)
    {
        var name = RequiredString(context, className, entry, label, "name");
        var method = RequiredString(context, className, entry, label, "method");
        var route = RequiredString(context, className, entry, label, "route");
        var args = RequiredField(context, className, entry, label, "args", JsonKind.Array, "an array of argument names");
        if (name is null || method is null || route is null || args is null) return null;

        if (!IsHttpMethod(method.Text!))
        {
            context.Report(Rules.WrongType, method, "method", label, className, "an HTTP method: get, put, post, delete, patch, head or options");
            return null;
        }

        string? input = OptionalSchema(context, className, entry, label, "input", out bool inputOk);
        string? output = OptionalSchema(context, className, entry, label, "output", out bool outputOk);
        if (!inputOk || !outputOk) return null;

        var scopes = ParseScopes(context, className, entry, label, out bool scopesOk);
        if (!scopesOk) return null;

        var argModels = ParseNames(context, className, args, label, "args", "Argument", Identifiers.ApiParameterNames, null);
        if (argModels is null) return null;
        if (!CheckRoute(context, className, label, route, args, argModels.Value)) return null;

        var query = entry.Get("query");
        var queryModels = EquatableArray<ArgModel>.Empty;
        if (query is not null && query.Kind != JsonKind.Null)
        {
            if (query.Kind != JsonKind.Array)
            {
                context.Report(Rules.WrongType, query, "query", label, className, "an array of query-parameter names");
                return null;
            }
            var parsed = ParseNames(context, className, query, label, "query", "Query parameter", Identifiers.ApiParameterNames, argModels.Value);
            if (parsed is null) return null;
            queryModels = parsed.Value;
        }

        string stability = OptionalString(entry, "stability");
        var stabilityValue = entry.Get("stability");
        if (stabilityValue is not null && stabilityValue.Kind != JsonKind.Null && stabilityValue.Kind != JsonKind.String)
        {
            context.Report(Rules.WrongType, stabilityValue, "stability", label, className, "a string such as \"stable\", \"experimental\" or \"deprecated\"");
            return null;
        }

        string member = Identifiers.UpperFirst(name.Text!);
        if (context.ChecksCSharpNames)
        {
            if (!CheckMemberName(context, className, name, member, "Entry")) return null;
            bool isGet = string.Equals(method.Text, "get", StringComparison.OrdinalIgnoreCase);
            var generated = new List<string> { member + "Async", member + "Url" };
            if (isGet) generated.Add(member + "SignedUrl");
            if (HasPaging(queryModels)) generated.Add(member + "PagesAsync");
            string field = "s_" + Identifiers.LowerFirst(member);
            if (!ClaimNames(context, className, name, generated, field, Identifiers.ApiClientMembers, "ApiClient", names)) return null;
        }

        return new FunctionModel(
            name.Text!,
            member,
            "s_" + Identifiers.LowerFirst(member),
            method.Text!.ToLowerInvariant(),
            route.Text!,
            argModels.Value,
            OptionalString(entry, "title"),
            OptionalString(entry, "description"),
            queryModels,
            scopes,
            input,
            output,
            stability,
            OptionalString(entry, "category"));
    }

    /// <summary>Whether an entry pages: it takes a <c>continuationToken</c> query parameter.</summary>
    public static bool HasPaging(EquatableArray<ArgModel> query)
    {
        foreach (var parameter in query)
        {
            if (parameter.Name == "continuationToken") return true;
        }
        return false;
    }

    private static ExchangeModel? ParseExchange(
        ParseContext context, string className, JsonValue entry, string label, Dictionary<string, string> names)
    {
        var name = RequiredString(context, className, entry, label, "name");
        var exchange = RequiredString(context, className, entry, label, "exchange");
        var routingKey = RequiredField(context, className, entry, label, "routingKey", JsonKind.Array, "an array of routing-key elements");
        if (name is null || exchange is null || routingKey is null) return null;
        var schemaValue = entry.Get("schema");
        if (schemaValue is not null && schemaValue.Kind != JsonKind.Null && schemaValue.Kind != JsonKind.String)
        {
            context.Report(Rules.WrongType, schemaValue, "schema", label, className, "a schema URL string");
            return null;
        }
        if (exchange.Text!.Length == 0)
        {
            context.Report(Rules.WrongType, exchange, "exchange", label, className, "a non-empty exchange name");
            return null;
        }

        var elements = new List<RoutingKeyElementModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string elementLabel = label + " routing key";
        foreach (var element in routingKey.Items)
        {
            if (element.Kind != JsonKind.Object)
            {
                context.Report(Rules.WrongType, element, "routingKey element", label, className, "an object with \"name\" and \"summary\"");
                return null;
            }
            var elementName = RequiredString(context, className, element, elementLabel, "name");
            if (elementName is null) return null;
            string text = elementName.Text!;
            if (context.ChecksCSharpNames && !Identifiers.IsValidIdentifier(text))
            {
                context.Report(Rules.InvalidIdentifier, elementName, "Routing-key element", text, className, text);
                return null;
            }
            if (!seen.Add(text))
            {
                context.Report(Rules.DuplicateParameter, elementName, name.Text!, className, text);
                return null;
            }

            string summary = OptionalString(element, "summary");
            string? constant = null;
            var constantValue = element.Get("constant");
            if (constantValue is not null && constantValue.Kind != JsonKind.Null)
            {
                if (constantValue.Kind != JsonKind.String)
                {
                    context.Report(Rules.WrongType, constantValue, "constant", label, className, "a string");
                    return null;
                }
                constant = constantValue.Text;
            }
            if (!OptionalBool(context, className, element, label, "required", out bool required)) return null;
            if (!OptionalBool(context, className, element, label, "multipleWords", out bool multipleWords)) return null;
            int maxSize = 0;
            var maxSizeValue = element.Get("maxSize");
            if (maxSizeValue is not null && maxSizeValue.Kind != JsonKind.Null)
            {
                if (maxSizeValue.Kind != JsonKind.Number
                    || !int.TryParse(maxSizeValue.Text, NumberStyles.None, CultureInfo.InvariantCulture, out maxSize))
                {
                    context.Report(Rules.WrongType, maxSizeValue, "maxSize", label, className, "a whole number of zero or more");
                    return null;
                }
            }
            elements.Add(new RoutingKeyElementModel(text, Identifiers.Escape(text), summary, constant, required, multipleWords, maxSize));
        }

        string member = Identifiers.UpperFirst(name.Text!);
        string field = "s_" + Identifiers.LowerFirst(member);
        if (context.ChecksCSharpNames)
        {
            if (!CheckMemberName(context, className, name, member, "Entry")) return null;
            if (!ClaimNames(context, className, name, new[] { member }, field, Identifiers.ExchangeClientMembers, "ExchangeClient", names)) return null;
        }

        return new ExchangeModel(
            name.Text!,
            member,
            field,
            exchange.Text!,
            OptionalString(entry, "title"),
            OptionalString(entry, "description"),
            OptionalString(entry, "schema"),
            EquatableArray<RoutingKeyElementModel>.From(elements));
    }

    /// <summary>Route arguments or query parameters: strings, each used once, none taking a name the generated methods use.</summary>
    private static EquatableArray<ArgModel>? ParseNames(
        ParseContext context, string className, JsonValue array, string label, string field, string what,
        HashSet<string> reserved, EquatableArray<ArgModel>? earlier)
    {
        var models = new List<ArgModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (earlier is { } previous)
        {
            foreach (var arg in previous) seen.Add(arg.Name);
        }
        foreach (var item in array.Items)
        {
            if (item.Kind != JsonKind.String || item.Text!.Length == 0)
            {
                context.Report(Rules.WrongType, item, field, label, className, "an array of non-empty strings");
                return null;
            }
            string text = item.Text!;
            if (context.ChecksCSharpNames && !Identifiers.IsValidIdentifier(text))
            {
                context.Report(Rules.InvalidIdentifier, item, what, text, className, text);
                return null;
            }
            if (!seen.Add(text) || (context.ChecksCSharpNames && reserved.Contains(text)))
            {
                context.Report(Rules.DuplicateParameter, item, label, className, text);
                return null;
            }
            models.Add(new ArgModel(text, Identifiers.Escape(text)));
        }
        return EquatableArray<ArgModel>.From(models);
    }

    private static bool CheckRoute(
        ParseContext context, string className, string label, JsonValue route, JsonValue args, EquatableArray<ArgModel> argModels)
    {
        string text = route.Text!;
        if (!RouteSyntax.TrySplit(text, out _, out var placeholders))
        {
            context.Report(Rules.WrongType, route, "route", label, className, RouteSyntax.Requirement);
            return false;
        }
        foreach (string placeholder in placeholders)
        {
            bool known = false;
            foreach (var arg in argModels)
            {
                if (string.Equals(arg.Name, placeholder, StringComparison.Ordinal)) known = true;
            }
            if (!known)
            {
                context.Report(Rules.PlaceholderWithoutArg, route, text, label, placeholder);
                return false;
            }
        }
        for (int i = 0; i < argModels.Count; i++)
        {
            if (!placeholders.Contains(argModels[i].Name))
            {
                context.Report(Rules.ArgNotInRoute, args.Items[i], argModels[i].Name, label, text);
                return false;
            }
        }
        return true;
    }

    private const string ScopeShape =
        "a scope expression (a scope string, {\"AllOf\": [...]}, {\"AnyOf\": [...]}, {\"if\": ..., \"then\": ..., \"else\": ...}; " +
        "{\"for\": ..., \"in\": ..., \"each\": ...} inside AllOf/AnyOf) or, in the 2014 format, an array of scope sets [[\"a\", \"b\"], [\"c\"]]";

    private static ScopeExpressionModel? ParseScopes(ParseContext context, string className, JsonValue entry, string label, out bool ok)
    {
        ok = true;
        var scopes = entry.Get("scopes");
        if (scopes is null || scopes.Kind == JsonKind.Null) return null;
        var parsed = scopes.Kind == JsonKind.Array ? ScopeAlternatives(scopes) : ScopeNode(scopes, insideList: false);
        if (parsed.Expression is null)
        {
            context.Report(Rules.WrongType, parsed.Bad ?? scopes, "scopes", label, className, ScopeShape);
            ok = false;
        }
        return parsed.Expression;
    }

    /// <summary>The 2014 form: any one set, all of its scopes.</summary>
    private static (ScopeExpressionModel? Expression, JsonValue? Bad) ScopeAlternatives(JsonValue scopes)
    {
        var sets = new List<ScopeExpressionModel>();
        foreach (var set in scopes.Items)
        {
            if (set.Kind != JsonKind.Array) return (null, set);
            var values = new List<ScopeExpressionModel>();
            foreach (var scope in set.Items)
            {
                if (scope.Kind != JsonKind.String) return (null, scope);
                values.Add(ScopeLeaf(scope.Text!));
            }
            sets.Add(Group(ScopeNodeKind.AllOf, values));
        }
        return (Group(ScopeNodeKind.AnyOf, sets), null);
    }

    private static (ScopeExpressionModel? Expression, JsonValue? Bad) ScopeNode(JsonValue value, bool insideList)
    {
        if (value.Kind == JsonKind.String) return (ScopeLeaf(value.Text!), null);
        if (value.Kind != JsonKind.Object) return (null, value);
        var allOf = value.Get("AllOf");
        var anyOf = value.Get("AnyOf");
        if ((allOf ?? anyOf) is { } list && value.Properties.Count == 1)
        {
            if (list.Kind != JsonKind.Array) return (null, list);
            var items = new List<ScopeExpressionModel>();
            foreach (var item in list.Items)
            {
                var parsed = ScopeNode(item, insideList: true);
                if (parsed.Expression is null) return parsed;
                items.Add(parsed.Expression);
            }
            return (Group(allOf is not null ? ScopeNodeKind.AllOf : ScopeNodeKind.AnyOf, items), null);
        }
        if (value.Get("if") is { } condition)
        {
            var then = value.Get("then");
            var otherwise = value.Get("else");
            int expected = otherwise is null ? 2 : 3;
            if (condition.Kind != JsonKind.String || condition.Text!.Length == 0 || then is null || value.Properties.Count != expected)
                return (null, value);
            var thenParsed = ScopeNode(then, insideList: false);
            if (thenParsed.Expression is null) return thenParsed;
            ScopeExpressionModel? elseModel = null;
            if (otherwise is not null)
            {
                var elseParsed = ScopeNode(otherwise, insideList: false);
                if (elseParsed.Expression is null) return elseParsed;
                elseModel = elseParsed.Expression;
            }
            return (new ScopeExpressionModel(ScopeNodeKind.If, condition.Text!, EquatableArray<ScopeExpressionModel>.Empty, thenParsed.Expression, elseModel, "", ""), null);
        }
        if (insideList && value.Get("for") is { Kind: JsonKind.String } variable && value.Get("in") is { Kind: JsonKind.String } source
            && value.Get("each") is { Kind: JsonKind.String } each && value.Properties.Count == 3
            && variable.Text!.Length > 0 && source.Text!.Length > 0)
        {
            return (new ScopeExpressionModel(ScopeNodeKind.ForEach, each.Text!, EquatableArray<ScopeExpressionModel>.Empty, null, null, variable.Text!, source.Text!), null);
        }
        return (null, value);
    }

    private static ScopeExpressionModel ScopeLeaf(string scope)
        => new(ScopeNodeKind.Scope, scope, EquatableArray<ScopeExpressionModel>.Empty, null, null, "", "");

    private static ScopeExpressionModel Group(ScopeNodeKind kind, List<ScopeExpressionModel> items)
        => new(kind, "", EquatableArray<ScopeExpressionModel>.From(items), null, null, "", "");

    private static bool CheckMemberName(ParseContext context, string className, JsonValue name, string member, string what)
    {
        if (Identifiers.IsValidIdentifier(member) && !Identifiers.IsKeyword(member)) return true;
        context.Report(Rules.InvalidIdentifier, name, what, name.Text!, className, member);
        return false;
    }

    /// <summary>Records the members an entry generates; reports a clash with the base class or an earlier entry.</summary>
    private static bool ClaimNames(
        ParseContext context, string className, JsonValue name, IEnumerable<string> members, string field,
        HashSet<string> baseMembers, string baseClass, Dictionary<string, string> claimed)
    {
        foreach (string member in members)
        {
            string? reason = null;
            if (baseMembers.Contains(member)) reason = "is a member of the base class Taskcluster." + baseClass;
            else if (Identifiers.ObjectMembers.Contains(member)) reason = "is a member of System.Object";
            else if (string.Equals(member, className, StringComparison.Ordinal)) reason = "is the name of the class itself";
            if (reason is not null)
            {
                context.Report(Rules.ReservedMember, name, name.Text!, className, member, reason);
                return false;
            }
            if (claimed.TryGetValue(member, out string? owner))
            {
                context.Report(Rules.DuplicateMember, name, name.Text!, className, member, owner);
                return false;
            }
        }
        if (string.Equals(field, EntryTablePrivateField, StringComparison.Ordinal))
        {
            context.Report(Rules.ReservedMember, name, name.Text!, className, field, "is the generated table of entries");
            return false;
        }
        foreach (string member in members) claimed[member] = name.Text!;
        return true;
    }

    private static JsonValue? RequiredString(ParseContext context, string className, JsonValue entry, string label, string field)
        => RequiredField(context, className, entry, label, field, JsonKind.String, "a string");

    private static JsonValue? RequiredField(
        ParseContext context, string className, JsonValue entry, string label, string field, JsonKind kind, string description)
    {
        var value = entry.Get(field);
        if (value is null || value.Kind == JsonKind.Null)
        {
            context.ReportAtStart(Rules.MissingEntryField, entry, label, className, field, description);
            return null;
        }
        if (value.Kind != kind)
        {
            context.Report(Rules.WrongType, value, field, label, className, JsonValue.Describe(kind));
            return null;
        }
        return value;
    }

    private static string? OptionalSchema(ParseContext context, string className, JsonValue entry, string label, string field, out bool ok)
    {
        ok = true;
        var value = entry.Get(field);
        if (value is null || value.Kind == JsonKind.Null) return null;
        if (value.Kind == JsonKind.String) return value.Text;
        context.Report(Rules.WrongType, value, field, label, className, "a schema URL string");
        ok = false;
        return null;
    }

    private static bool OptionalBool(ParseContext context, string className, JsonValue element, string label, string field, out bool result)
    {
        result = false;
        var value = element.Get(field);
        if (value is null || value.Kind == JsonKind.Null) return true;
        if (value.Kind is JsonKind.True or JsonKind.False)
        {
            result = value.Kind == JsonKind.True;
            return true;
        }
        context.Report(Rules.WrongType, value, field, label, className, "true or false");
        return false;
    }

    /// <summary>Documentation text is optional; a missing or non-string value reads as empty.</summary>
    private static string OptionalString(JsonValue value, string field)
        => value.Get(field) is { Kind: JsonKind.String } text ? text.Text! : "";

    private static string EntryLabel(JsonValue entry, int index)
        => entry.Kind == JsonKind.Object && entry.Get("name") is { Kind: JsonKind.String } name
            ? name.Text!
            : "#" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Points at a map key as a whole, or at the opening brace of a single-reference file.</summary>
    private static void ReportAtName(
        ParseContext context, Rule rule, JsonValue nameLocation, params string[] arguments)
    {
        if (nameLocation.Kind == JsonKind.String) context.Report(rule, nameLocation, arguments);
        else context.ReportAtStart(rule, nameLocation, arguments);
    }

    private static string? ClassNameProblem(string className)
    {
        if (className.Length == 0) return "is empty";
        if (!Identifiers.IsValidIdentifier(className)) return "is not a valid C# identifier";
        if (Identifiers.IsKeyword(className)) return "is a C# keyword";
        if (Identifiers.RuntimeTypes.Contains(className)) return "is already a type of the Taskcluster runtime";
        return null;
    }

    /// <summary>"logs" or "metrics" for the reference kinds a deployment also publishes but no client uses.</summary>
    private static string? OtherReferenceKind(string schema)
    {
        foreach (string kind in new[] { "logs", "metrics" })
        {
            if (schema.IndexOf("/" + kind + "-reference", StringComparison.Ordinal) >= 0) return kind;
        }
        return null;
    }

    private static bool RequiredSegment(
        ParseContext context, string className, JsonValue reference, JsonValue? value, string field, string description, out string text)
    {
        text = "";
        if (value is null)
        {
            context.ReportAtStart(Rules.MissingReferenceField, reference, className, field, "Add \"" + field + "\": " + description + ".");
            return false;
        }
        if (value.Kind != JsonKind.String || !IsPathSegment(value.Text!))
        {
            context.Report(Rules.InvalidReference, value, field, className, "a non-empty string of letters, digits, '-', '_' or '.' (" + description + ")");
            return false;
        }
        text = value.Text!;
        return true;
    }

    private static bool IsPathSegment(string text)
    {
        if (text.Length == 0 || text == "." || text == "..") return false;
        foreach (char c in text)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
        }
        return true;
    }

    private static bool LooksLikeOneReference(JsonValue root)
        => root.Get("entries") is not null || root.Get("baseUrl") is not null || root.Get("exchangePrefix") is not null
            || root.Get("serviceName") is not null || root.Get("$schema") is not null;

    /// <summary>
    /// A single reference's class without a <c>ClassName</c>: today's references are all called api.json or
    /// exchanges.json, so the service name says more (<c>worker-manager</c> → <c>WorkerManager</c>, exchanges get
    /// <c>Events</c>, as the builtin clients are named); a 2014 reference is named after its file.
    /// </summary>
    private static string DefaultClassName(JsonValue root, string path)
    {
        if (root.Get("serviceName") is { Kind: JsonKind.String } serviceName && serviceName.Text!.Length > 0)
            return Identifiers.ToPascalCase(serviceName.Text!) + (root.Get("exchangePrefix") is not null ? "Events" : "");
        return Identifiers.ToPascalCase(FileStem(path));
    }

    /// <summary>The HTTP methods a reference may use; one list for the generator and the run-time reader alike.</summary>
    private static readonly HashSet<string> HttpMethods = new(StringComparer.Ordinal)
    {
        "get", "put", "post", "delete", "patch", "head", "options",
    };

    private static bool IsHttpMethod(string method) => HttpMethods.Contains(method.ToLowerInvariant());

    private static bool IsHttpUrl(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https");

    /// <summary>A property's key as a pseudo JSON value, so name problems can point at the key.</summary>
    private static JsonValue KeyAsValue(JsonProperty property)
        => new(JsonKind.String, property.NameStart, property.NameEnd, property.Name, null, null);

    private static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    private static string FileStem(string path)
    {
        string name = FileName(path);
        int dot = name.IndexOf('.');
        return dot < 0 ? name : name.Substring(0, dot);
    }
}
