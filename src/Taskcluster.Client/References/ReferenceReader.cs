using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;

namespace Taskcluster;

/// <summary>
/// Turns reference JSON into <see cref="ApiEntry"/> and <see cref="ExchangeEntry"/> objects, checking the shape as it
/// goes so that every problem is reported with the JSON path where it is, instead of surfacing later as a vague call
/// failure. Only parsing lives here: routes, Hawk and routing-key patterns belong to the shared runtime.
/// </summary>
internal static class ReferenceReader
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private static readonly HashSet<string> HttpMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "get", "put", "post", "delete", "patch", "head", "options",
    };

    public static JsonDocument ParseDocument(Func<JsonDocument> parse, string? source)
    {
        try
        {
            return parse();
        }
        catch (JsonException exception)
        {
            throw InvalidJson(exception, source);
        }
    }

    public static ReferenceFormatException InvalidJson(JsonException exception, string? source)
    {
        // System.Text.Json counts from 0; editors count from 1.
        long? line = exception.LineNumber + 1;
        long? bytePosition = exception.BytePositionInLine + 1;
        string where = line is null ? string.Empty : $" at line {line}, byte {bytePosition}";
        string message = $"{Prefix(source)}The reference is not valid JSON{where}: {Reason(exception.Message)}";
        // JsonDocument does not track paths while parsing; the line and byte are the location here.
        return new ReferenceFormatException(message, string.Empty, line, bytePosition, exception);
    }

    public static IReadOnlyDictionary<string, Reference> ReadMap(JsonElement root, string? source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail(source, string.Empty,
                $"a reference map must be a JSON object of named references ({{\"Queue\": {{\"referenceUrl\": ..., \"reference\": {{...}}}}}}), not {Describe(root)}.");
        }
        var references = new Dictionary<string, Reference>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            string path = Child(string.Empty, property.Name);
            if (property.Name.Length == 0) throw Fail(source, path, "a reference's name must not be empty.");
            if (property.Value.ValueKind != JsonValueKind.Object)
                throw Fail(source, path, $"expected an object with 'referenceUrl' and 'reference', not {Describe(property.Value)}.");
            string? referenceUrl = OptionalString(property.Value, "referenceUrl", path, source);
            if (!property.Value.TryGetProperty("reference", out var reference))
                throw Fail(source, path, "the 'reference' property is missing.");
            references[property.Name] = ReadReference(reference, Child(path, "reference"), referenceUrl, source);
        }
        return new ReadOnlyDictionary<string, Reference>(references);
    }

    public static Reference ReadReference(JsonElement root, string path, string? referenceUrl, string? source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Fail(source, path, $"a reference must be a JSON object, not {Describe(root)}.");

        string version = OptionalString(root, "version", path, source) ?? string.Empty;
        string title = OptionalString(root, "title", path, source) ?? string.Empty;
        string description = OptionalString(root, "description", path, source) ?? string.Empty;
        string? baseUrl = OptionalString(root, "baseUrl", path, source);
        string? exchangePrefix = OptionalString(root, "exchangePrefix", path, source);

        if (!root.TryGetProperty("entries", out var entries))
            throw Fail(source, path, "the 'entries' array is missing; a reference lists its functions or exchanges there.");
        string entriesPath = Child(path, "entries");
        if (entries.ValueKind != JsonValueKind.Array)
            throw Fail(source, entriesPath, $"expected an array of entries, not {Describe(entries)}.");

        var kind = DecideKind(entries, baseUrl, exchangePrefix, path, source);
        if (kind == ReferenceKind.Api)
        {
            CheckBaseUrl(baseUrl!, Child(path, "baseUrl"), source);
            var functions = new List<ApiEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            int index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                string entryPath = Index(entriesPath, index++);
                var function = ReadFunction(entry, entryPath, source);
                if (!names.Add(function.Name))
                    throw Fail(source, Child(entryPath, "name"), $"the name '{function.Name}' is used by an earlier entry.");
                functions.Add(function);
            }
            return new Reference(kind, version, title, description, baseUrl, null, functions.AsReadOnly(),
                Array.Empty<ExchangeEntry>(), referenceUrl);
        }
        else
        {
            var exchanges = new List<ExchangeEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            int index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                string entryPath = Index(entriesPath, index++);
                var exchange = ReadExchange(entry, entryPath, source);
                if (!names.Add(exchange.Name))
                    throw Fail(source, Child(entryPath, "name"), $"the name '{exchange.Name}' is used by an earlier entry.");
                exchanges.Add(exchange);
            }
            return new Reference(kind, version, title, description, null, exchangePrefix, Array.Empty<ApiEntry>(),
                exchanges.AsReadOnly(), referenceUrl);
        }
    }

    private static ReferenceKind DecideKind(
        JsonElement entries, string? baseUrl, string? exchangePrefix, string path, string? source)
    {
        if (baseUrl is not null && exchangePrefix is not null)
        {
            throw Fail(source, path,
                "a reference has either a 'baseUrl' (API) or an 'exchangePrefix' (exchanges), not both; API end-points and exchanges are separate references.");
        }
        if (baseUrl is not null) return ReferenceKind.Api;
        if (exchangePrefix is not null) return ReferenceKind.Exchanges;

        // Neither is present: say which one is missing, judging by what the entries are.
        string? firstType = null;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String)
            {
                firstType = type.GetString();
                break;
            }
        }
        throw firstType switch
        {
            "function" => Fail(source, path, "the 'baseUrl' is missing; an API reference (its entries are functions) needs the service's base URL."),
            "topic-exchange" => Fail(source, path, "the 'exchangePrefix' is missing; an exchange reference (its entries are topic exchanges) needs one."),
            _ => Fail(source, path, "neither 'baseUrl' (an API reference) nor 'exchangePrefix' (an exchange reference) is present."),
        };
    }

    private static void CheckBaseUrl(string baseUrl, string path, string? source)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw Fail(source, path, $"'{baseUrl}' is not an absolute http or https URL.");
    }

    private static ApiEntry ReadFunction(JsonElement entry, string path, string? source)
    {
        string name = ReadEntryHeader(entry, "function", path, source);
        string method = RequiredString(entry, "method", path, source);
        if (!HttpMethods.Contains(method))
            throw Fail(source, Child(path, "method"), $"'{method}' is not an HTTP method (expected get, put, post, delete, patch, head or options).");
        string route = RequiredString(entry, "route", path, source);
        var args = OptionalStringArray(entry, "args", path, source) ?? (IReadOnlyList<string>)Array.Empty<string>();
        CheckRoute(route, args, path, source);

        var scopes = new List<IReadOnlyList<string>>();
        if (entry.TryGetProperty("scopes", out var scopesElement) && scopesElement.ValueKind != JsonValueKind.Null)
        {
            string scopesPath = Child(path, "scopes");
            if (scopesElement.ValueKind != JsonValueKind.Array)
                throw Fail(source, scopesPath, $"expected an array of scope sets (arrays of strings), not {Describe(scopesElement)}.");
            int index = 0;
            foreach (var set in scopesElement.EnumerateArray())
            {
                scopes.Add(StringArray(set, Index(scopesPath, index++), source));
            }
        }

        bool hasInput = IsPresent(entry, "input", path, source);
        bool hasOutput = IsPresent(entry, "output", path, source);
        try
        {
            return new ApiEntry(name, method, route, args, hasInput, hasOutput, scopes.AsReadOnly());
        }
        catch (ArgumentException exception)
        {
            // CheckRoute mirrors the runtime's rules; this only fires if they ever drift apart.
            throw Fail(source, path, exception.Message, exception);
        }
    }

    private static void CheckRoute(string route, IReadOnlyList<string> args, string path, string? source)
    {
        string routePath = Child(path, "route");
        var used = new bool[args.Count];
        int position = 0;
        while (true)
        {
            int open = route.IndexOf('<', position);
            int strayClose = route.IndexOf('>', position);
            if (strayClose >= 0 && (open < 0 || strayClose < open))
                throw Fail(source, routePath, $"'{route}' has a '>' without a matching '<'.");
            if (open < 0) break;
            int close = route.IndexOf('>', open + 1);
            if (close < 0) throw Fail(source, routePath, $"'{route}' has a '<' that is never closed with '>'.");
            string placeholder = route.Substring(open + 1, close - open - 1);
            int index = IndexOf(args, placeholder);
            if (index < 0)
            {
                string listed = args.Count == 0 ? "it has no args" : $"args are: {string.Join(", ", args)}";
                throw Fail(source, routePath, $"placeholder <{placeholder}> in '{route}' is not listed in 'args' ({listed}).");
            }
            used[index] = true;
            position = close + 1;
        }
        for (int i = 0; i < used.Length; i++)
        {
            if (!used[i])
                throw Fail(source, Index(Child(path, "args"), i), $"arg '{args[i]}' has no <{args[i]}> placeholder in route '{route}'.");
        }
    }

    private static ExchangeEntry ReadExchange(JsonElement entry, string path, string? source)
    {
        string name = ReadEntryHeader(entry, "topic-exchange", path, source);
        string exchange = RequiredString(entry, "exchange", path, source);
        string title = OptionalString(entry, "title", path, source) ?? string.Empty;
        if (!entry.TryGetProperty("routingKey", out var routingKey))
            throw Fail(source, path, "the 'routingKey' array is missing.");
        string keyPath = Child(path, "routingKey");
        if (routingKey.ValueKind != JsonValueKind.Array)
            throw Fail(source, keyPath, $"expected an array of routing-key elements, not {Describe(routingKey)}.");

        var elements = new List<RoutingKeyElement>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var element in routingKey.EnumerateArray())
        {
            string elementPath = Index(keyPath, index++);
            if (element.ValueKind != JsonValueKind.Object)
                throw Fail(source, elementPath, $"expected a routing-key element object, not {Describe(element)}.");
            string elementName = RequiredString(element, "name", elementPath, source);
            if (!names.Add(elementName))
                throw Fail(source, Child(elementPath, "name"), $"the routing-key element name '{elementName}' is used twice.");
            string summary = OptionalString(element, "summary", elementPath, source) ?? string.Empty;
            string? constant = OptionalString(element, "constant", elementPath, source);
            bool required = OptionalBool(element, "required", elementPath, source) ?? false;
            bool multipleWords = OptionalBool(element, "multipleWords", elementPath, source) ?? false;
            int maxSize = OptionalSize(element, "maxSize", elementPath, source);
            elements.Add(new RoutingKeyElement(elementName, summary, constant, required, multipleWords, maxSize));
        }
        return new ExchangeEntry(name, exchange, elements.AsReadOnly(), title);
    }

    /// <summary>Checks that <paramref name="entry"/> is an object of the expected type and returns its name.</summary>
    private static string ReadEntryHeader(JsonElement entry, string expectedType, string path, string? source)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw Fail(source, path, $"expected an entry object, not {Describe(entry)}.");
        string type = RequiredString(entry, "type", path, source);
        if (type != expectedType)
        {
            string problem = type switch
            {
                "function" => "a 'function' entry cannot be in an exchange reference (it has an 'exchangePrefix').",
                "topic-exchange" => "a 'topic-exchange' entry cannot be in an API reference (it has a 'baseUrl').",
                _ => $"unknown entry type '{type}'; expected 'function' (API references) or 'topic-exchange' (exchange references).",
            };
            throw Fail(source, Child(path, "type"), problem);
        }
        string name = RequiredString(entry, "name", path, source);
        if (name.Length == 0) throw Fail(source, Child(path, "name"), "an entry's name must not be empty.");
        return name;
    }

    private static string RequiredString(JsonElement parent, string property, string path, string? source)
        => OptionalString(parent, property, path, source)
            ?? throw Fail(source, path, $"the '{property}' property is missing.");

    private static string? OptionalString(JsonElement parent, string property, string path, string? source)
    {
        if (!parent.TryGetProperty(property, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw Fail(source, Child(path, property), $"expected a string, not {Describe(value)}.");
        return value.GetString();
    }

    private static bool? OptionalBool(JsonElement parent, string property, string path, string? source)
    {
        if (!parent.TryGetProperty(property, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(source, Child(path, property), $"expected true or false, not {Describe(value)}."),
        };
    }

    private static int OptionalSize(JsonElement parent, string property, string path, string? source)
    {
        if (!parent.TryGetProperty(property, out var value)) return 0;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int size) || size < 0)
            throw Fail(source, Child(path, property), $"expected a non-negative whole number, not {Describe(value)}.");
        return size;
    }

    /// <summary>Whether a schema property such as <c>input</c> is there; its value (a schema URL) is not needed.</summary>
    private static bool IsPresent(JsonElement parent, string property, string path, string? source)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null) return false;
        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
            throw Fail(source, Child(path, property), $"expected a schema URL or schema object, not {Describe(value)}.");
        return true;
    }

    private static IReadOnlyList<string>? OptionalStringArray(JsonElement parent, string property, string path, string? source)
    {
        if (!parent.TryGetProperty(property, out var value)) return null;
        return StringArray(value, Child(path, property), source);
    }

    private static IReadOnlyList<string> StringArray(JsonElement value, string path, string? source)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw Fail(source, path, $"expected an array of strings, not {Describe(value)}.");
        var items = new List<string>();
        int index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw Fail(source, Index(path, index), $"expected a string, not {Describe(item)}.");
            items.Add(item.GetString()!);
            index++;
        }
        return items.AsReadOnly();
    }

    private static int IndexOf(IReadOnlyList<string> items, string value)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (string.Equals(items[i], value, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private static string Child(string path, string name)
    {
        bool simple = name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_');
        foreach (char c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-')) simple = false;
        }
        if (!simple) return path + "['" + name.Replace("'", "\\'") + "']";
        return path.Length == 0 ? name : path + "." + name;
    }

    private static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

    private static string Prefix(string? source) => source is null ? string.Empty : source + ": ";

    /// <summary>System.Text.Json's message without its own 0-based position suffix, which we report 1-based.</summary>
    private static string Reason(string message)
    {
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        string reason = cut < 0 ? message : message.Substring(0, cut);
        return reason.TrimEnd(' ', '|');
    }

    private static ReferenceFormatException Fail(string? source, string path, string problem, Exception? inner = null)
    {
        string where = path.Length == 0 ? "at the top level" : "at " + path;
        return new ReferenceFormatException($"{Prefix(source)}Malformed reference {where}: {problem}", path, null, null, inner);
    }
}
