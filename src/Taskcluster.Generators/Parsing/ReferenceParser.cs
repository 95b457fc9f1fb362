using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Taskcluster.Generators.Model;

namespace Taskcluster.Generators.Parsing;

/// <summary>
/// Reads one reference file (an <c>apis.json</c>-style map of services, or a single reference) into service models
/// and diagnostics. The only place that looks at JSON; it never throws on bad input.
/// </summary>
internal static class ReferenceParser
{
    private const string EntryTablePrivateField = "s_entries";

    /// <summary>Parses a reference file. Bad input becomes diagnostics; an unexpected failure becomes TCGEN999.</summary>
    public static FileParseResult Parse(ReferenceFile file, CancellationToken cancellationToken)
    {
        var context = new ParseContext(file.Path);
        try
        {
            ParseFile(file, context, cancellationToken);
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
            context.Report(DiagnosticDescriptors.UnexpectedFailure, origin, origin, file.Path, exception.GetType().Name + ": " + exception.Message);
        }
        return context.ToResult();
    }

    private static void ParseFile(ReferenceFile file, ParseContext context, CancellationToken cancellationToken)
    {
        if (file.ReadError is not null)
        {
            var origin = new TextPosition(0, 0, 0);
            context.Report(DiagnosticDescriptors.Unreadable, origin, origin, file.Path, file.ReadError);
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
            context.Report(DiagnosticDescriptors.InvalidJson, exception.Position, end, FileName(file.Path), exception.Message);
            return;
        }

        if (root.Kind != JsonKind.Object)
        {
            context.ReportAtStart(DiagnosticDescriptors.InvalidReference, root, FileName(file.Path), FileName(file.Path),
                "a JSON object: either one reference (with \"entries\") or a map from class name to {\"reference\": {...}}");
            return;
        }

        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        // A single reference is recognised by its own fields, so that one lacking "entries" gets that diagnostic
        // rather than being mistaken for a map of services.
        if (root.Get("entries") is not null || root.Get("baseUrl") is not null || root.Get("exchangePrefix") is not null)
        {
            string className = file.ClassNameOverride ?? Identifiers.ToPascalCase(FileStem(file.Path));
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
                context.Report(DiagnosticDescriptors.InvalidReference, service, property.Name, FileName(file.Path),
                    "an object {\"referenceUrl\": \"...\", \"reference\": {...}}");
                continue;
            }
            var reference = service.Get("reference");
            if (reference is null)
            {
                context.Report(DiagnosticDescriptors.MissingReferenceField, property.NameStart, keyEnd, property.Name, "reference",
                    "Each service in the map needs {\"referenceUrl\": \"...\", \"reference\": {...}}.");
                continue;
            }
            if (reference.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.InvalidReference, reference, "reference", property.Name, "an object");
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
        string? problem = ClassNameProblem(className);
        if (problem is not null)
        {
            ReportAtName(context, DiagnosticDescriptors.InvalidClassName, nameLocation, FileName(context.Path), className, problem);
            return;
        }
        if (classes.TryGetValue(className, out string? earlier))
        {
            ReportAtName(context, DiagnosticDescriptors.DuplicateClass, nameLocation, className, FileName(context.Path), className, earlier);
            return;
        }

        var entries = reference.Get("entries");
        var baseUrl = reference.Get("baseUrl");
        var prefix = reference.Get("exchangePrefix");
        if (entries is null)
        {
            context.ReportAtStart(DiagnosticDescriptors.MissingReferenceField, reference, className, "entries",
                "Add \"entries\": [...] with the reference's functions or exchanges.");
            return;
        }
        if (entries.Kind != JsonKind.Array)
        {
            context.Report(DiagnosticDescriptors.InvalidReference, entries, "entries", className, "an array of entries");
            return;
        }
        if (baseUrl is null && prefix is null)
        {
            context.ReportAtStart(DiagnosticDescriptors.MissingReferenceField, reference, className, "baseUrl",
                "Add \"baseUrl\" for an API reference or \"exchangePrefix\" for an exchange reference.");
            return;
        }
        if (baseUrl is not null && prefix is not null)
        {
            context.Report(DiagnosticDescriptors.InvalidReference, prefix, "exchangePrefix", className,
                "absent when \"baseUrl\" is given: a reference describes either an API or exchanges; split it in two");
            return;
        }
        var location = (baseUrl ?? prefix)!;
        if (location.Kind != JsonKind.String)
        {
            context.Report(DiagnosticDescriptors.InvalidReference, location, baseUrl is null ? "exchangePrefix" : "baseUrl", className, "a string");
            return;
        }
        var kind = baseUrl is null ? ServiceKind.Exchanges : ServiceKind.Api;
        if (kind == ServiceKind.Api && !IsHttpUrl(location.Text!))
        {
            context.Report(DiagnosticDescriptors.InvalidReference, location, "baseUrl", className, "an absolute http or https URL");
            return;
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var functions = new List<FunctionModel>();
        var exchanges = new List<ExchangeModel>();
        for (int i = 0; i < entries.Items.Count; i++)
        {
            var entry = entries.Items[i];
            string label = EntryLabel(entry, i);
            if (entry.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongType, entry, "entry", label, className, "an object");
                continue;
            }
            var type = entry.Get("type");
            string expected = kind == ServiceKind.Api ? "function" : "topic-exchange";
            if (type is null)
            {
                context.ReportAtStart(DiagnosticDescriptors.MissingEntryField, entry, label, className, "type", "the string \"" + expected + "\"");
                continue;
            }
            if (type.Kind != JsonKind.String)
            {
                context.Report(DiagnosticDescriptors.WrongType, type, "type", label, className, "a string");
                continue;
            }
            if (!string.Equals(type.Text, expected, StringComparison.Ordinal))
            {
                context.Report(DiagnosticDescriptors.UnknownEntryType, type, label, className, type.Text!, expected);
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

        classes.Add(className, FileName(context.Path));
        context.Add(new ServiceModel(
            context.Path,
            className,
            kind,
            OptionalString(reference, "title"),
            OptionalString(reference, "description"),
            OptionalString(reference, "version"),
            referenceUrl,
            location.Text!,
            EquatableArray<FunctionModel>.From(functions),
            EquatableArray<ExchangeModel>.From(exchanges)));
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
            context.Report(DiagnosticDescriptors.WrongType, method, "method", label, className, "an HTTP method such as \"get\" or \"post\"");
            return null;
        }

        string? input = OptionalSchema(context, className, entry, label, "input", out bool inputOk);
        string? output = OptionalSchema(context, className, entry, label, "output", out bool outputOk);
        if (!inputOk || !outputOk) return null;

        var scopes = ParseScopes(context, className, entry, label, out bool hasScopes, out bool scopesOk);
        if (!scopesOk) return null;

        var argModels = ParseArgs(context, className, args, label);
        if (argModels is null) return null;
        if (!CheckRoute(context, className, label, route, args, argModels.Value)) return null;

        string member = Identifiers.UpperFirst(name.Text!);
        if (!CheckMemberName(context, className, name, member, "Entry")) return null;

        bool isGet = string.Equals(method.Text, "get", StringComparison.OrdinalIgnoreCase);
        var generated = new List<string> { member + "Async", member + "Url" };
        if (isGet) generated.Add(member + "SignedUrl");
        string field = "s_" + Identifiers.LowerFirst(member);
        if (!ClaimNames(context, className, name, generated, field, Identifiers.ApiClientMembers, "ApiClient", names)) return null;

        return new FunctionModel(
            name.Text!,
            member,
            field,
            method.Text!.ToLowerInvariant(),
            route.Text!,
            argModels.Value,
            OptionalString(entry, "title"),
            OptionalString(entry, "description"),
            hasScopes,
            scopes,
            input,
            output);
    }

    private static ExchangeModel? ParseExchange(
        ParseContext context, string className, JsonValue entry, string label, Dictionary<string, string> names)
    {
        var name = RequiredString(context, className, entry, label, "name");
        var exchange = RequiredString(context, className, entry, label, "exchange");
        var routingKey = RequiredField(context, className, entry, label, "routingKey", JsonKind.Array, "an array of routing-key elements");
        if (name is null || exchange is null || routingKey is null) return null;
        if (exchange.Text!.Length == 0)
        {
            context.Report(DiagnosticDescriptors.WrongType, exchange, "exchange", label, className, "a non-empty exchange name");
            return null;
        }

        var elements = new List<RoutingKeyElementModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string elementLabel = label + " routing key";
        foreach (var element in routingKey.Items)
        {
            if (element.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongType, element, "routingKey element", label, className, "an object with \"name\" and \"summary\"");
                return null;
            }
            var elementName = RequiredString(context, className, element, elementLabel, "name");
            if (elementName is null) return null;
            string text = elementName.Text!;
            if (!Identifiers.IsValidIdentifier(text))
            {
                context.Report(DiagnosticDescriptors.InvalidIdentifier, elementName, "Routing-key element", text, className, text);
                return null;
            }
            if (!seen.Add(text))
            {
                context.Report(DiagnosticDescriptors.DuplicateParameter, elementName, name.Text!, className, text);
                return null;
            }

            string summary = OptionalString(element, "summary");
            string? constant = null;
            var constantValue = element.Get("constant");
            if (constantValue is not null && constantValue.Kind != JsonKind.Null)
            {
                if (constantValue.Kind != JsonKind.String)
                {
                    context.Report(DiagnosticDescriptors.WrongType, constantValue, "constant", label, className, "a string");
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
                    context.Report(DiagnosticDescriptors.WrongType, maxSizeValue, "maxSize", label, className, "a whole number of zero or more");
                    return null;
                }
            }
            elements.Add(new RoutingKeyElementModel(text, Identifiers.Escape(text), summary, constant, required, multipleWords, maxSize));
        }

        string member = Identifiers.UpperFirst(name.Text!);
        if (!CheckMemberName(context, className, name, member, "Entry")) return null;
        string field = "s_" + Identifiers.LowerFirst(member);
        if (!ClaimNames(context, className, name, new[] { member }, field, Identifiers.ExchangeClientMembers, "ExchangeClient", names)) return null;

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

    private static EquatableArray<ArgModel>? ParseArgs(ParseContext context, string className, JsonValue args, string label)
    {
        var models = new List<ArgModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in args.Items)
        {
            if (arg.Kind != JsonKind.String)
            {
                context.Report(DiagnosticDescriptors.WrongType, arg, "args", label, className, "an array of strings");
                return null;
            }
            string text = arg.Text!;
            if (!Identifiers.IsValidIdentifier(text))
            {
                context.Report(DiagnosticDescriptors.InvalidIdentifier, arg, "Argument", text, className, text);
                return null;
            }
            if (!seen.Add(text) || Identifiers.ApiParameterNames.Contains(text))
            {
                context.Report(DiagnosticDescriptors.DuplicateParameter, arg, label, className, text);
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
        var placeholders = new HashSet<string>(StringComparer.Ordinal);
        int position = 0;
        while (true)
        {
            int open = text.IndexOf('<', position);
            if (open < 0) break;
            int close = text.IndexOf('>', open + 1);
            if (close < 0)
            {
                context.Report(DiagnosticDescriptors.WrongType, route, "route", label, className, "a route whose every '<' is closed by '>'");
                return false;
            }
            string placeholder = text.Substring(open + 1, close - open - 1);
            bool known = false;
            foreach (var arg in argModels)
            {
                if (string.Equals(arg.Name, placeholder, StringComparison.Ordinal)) known = true;
            }
            if (!known)
            {
                context.Report(DiagnosticDescriptors.PlaceholderWithoutArg, route, text, label, placeholder);
                return false;
            }
            placeholders.Add(placeholder);
            position = close + 1;
        }
        for (int i = 0; i < argModels.Count; i++)
        {
            if (!placeholders.Contains(argModels[i].Name))
            {
                context.Report(DiagnosticDescriptors.ArgNotInRoute, args.Items[i], argModels[i].Name, label, text);
                return false;
            }
        }
        return true;
    }

    private static EquatableArray<ScopeSetModel> ParseScopes(
        ParseContext context, string className, JsonValue entry, string label, out bool hasScopes, out bool ok)
    {
        var scopes = entry.Get("scopes");
        hasScopes = scopes is not null && scopes.Kind != JsonKind.Null;
        ok = true;
        if (!hasScopes) return EquatableArray<ScopeSetModel>.Empty;
        const string shape = "an array of scope sets, each an array of strings: [[\"a\", \"b\"], [\"c\"]]";
        if (scopes!.Kind != JsonKind.Array)
        {
            context.Report(DiagnosticDescriptors.WrongType, scopes, "scopes", label, className, shape);
            ok = false;
            return EquatableArray<ScopeSetModel>.Empty;
        }
        var sets = new List<ScopeSetModel>();
        foreach (var set in scopes.Items)
        {
            if (set.Kind != JsonKind.Array)
            {
                context.Report(DiagnosticDescriptors.WrongType, set, "scopes", label, className, shape);
                ok = false;
                return EquatableArray<ScopeSetModel>.Empty;
            }
            var values = new List<ScopeModel>();
            foreach (var scope in set.Items)
            {
                if (scope.Kind != JsonKind.String)
                {
                    context.Report(DiagnosticDescriptors.WrongType, scope, "scopes", label, className, shape);
                    ok = false;
                    return EquatableArray<ScopeSetModel>.Empty;
                }
                values.Add(new ScopeModel(scope.Text!));
            }
            sets.Add(new ScopeSetModel(EquatableArray<ScopeModel>.From(values)));
        }
        return EquatableArray<ScopeSetModel>.From(sets);
    }

    private static bool CheckMemberName(ParseContext context, string className, JsonValue name, string member, string what)
    {
        if (Identifiers.IsValidIdentifier(member) && !Identifiers.IsKeyword(member)) return true;
        context.Report(DiagnosticDescriptors.InvalidIdentifier, name, what, name.Text!, className, member);
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
                context.Report(DiagnosticDescriptors.ReservedMember, name, name.Text!, className, member, reason);
                return false;
            }
            if (claimed.TryGetValue(member, out string? owner))
            {
                context.Report(DiagnosticDescriptors.DuplicateMember, name, name.Text!, className, member, owner);
                return false;
            }
        }
        if (string.Equals(field, EntryTablePrivateField, StringComparison.Ordinal))
        {
            context.Report(DiagnosticDescriptors.ReservedMember, name, name.Text!, className, field, "is the generated table of entries");
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
            context.ReportAtStart(DiagnosticDescriptors.MissingEntryField, entry, label, className, field, description);
            return null;
        }
        if (value.Kind != kind)
        {
            context.Report(DiagnosticDescriptors.WrongType, value, field, label, className, JsonValue.Describe(kind));
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
        context.Report(DiagnosticDescriptors.WrongType, value, field, label, className, "a schema URL string");
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
        context.Report(DiagnosticDescriptors.WrongType, value, field, label, className, "true or false");
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
        ParseContext context, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, JsonValue nameLocation, params string[] arguments)
    {
        if (nameLocation.Kind == JsonKind.String) context.Report(descriptor, nameLocation, arguments);
        else context.ReportAtStart(descriptor, nameLocation, arguments);
    }

    private static string? ClassNameProblem(string className)
    {
        if (className.Length == 0) return "is empty";
        if (!Identifiers.IsValidIdentifier(className)) return "is not a valid C# identifier";
        if (Identifiers.IsKeyword(className)) return "is a C# keyword";
        if (Identifiers.RuntimeTypes.Contains(className)) return "is already a type of the Taskcluster runtime";
        return null;
    }

    private static bool IsHttpMethod(string method)
    {
        if (method.Length == 0) return false;
        foreach (char c in method)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
        }
        return true;
    }

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
