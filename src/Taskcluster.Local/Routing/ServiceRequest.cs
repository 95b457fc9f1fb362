using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>One authenticated call to a service: the entry it matched, its route and query values, payload and caller.</summary>
internal sealed class ServiceRequest
{
    public ServiceRequest(
        ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, IReadOnlyDictionary<string, string> query,
        JsonNode? payload, Caller caller)
    {
        Entry = entry;
        RouteValues = routeValues;
        Query = query;
        Payload = payload;
        Caller = caller;
    }

    public ApiEntry Entry { get; }

    public IReadOnlyDictionary<string, string> RouteValues { get; }

    /// <summary>The decoded query-string values the entry declares (a bewit is never among them).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    public JsonNode? Payload { get; }

    public Caller Caller { get; }

    public string Route(string name) => RouteValues[name];

    public int RouteInt(string name) => ParseRunId(RouteValues[name], name);

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Checks the entry's scopes again with more parameters than the router knew, for a check TaskCluster repeats
    /// while it works (following link artifacts adds each name it passes).
    /// </summary>
    public void Authorize(IReadOnlyDictionary<string, object?> parameters) => ScopeCheck.Demand(Entry, Caller, parameters);

    public JsonObject RequirePayloadObject()
        => Payload as JsonObject ?? throw ServiceError.BadRequest($"'{Entry.Name}' needs a JSON object payload.");

    public static int ParseRunId(string text, string name = "runId")
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value <= 1000
            ? value
            : throw ServiceError.BadRequest($"'{name}' must be a non-negative integer, not '{text}'.");

    public static string RequireString(JsonObject payload, string field, string entryName)
        => OptionalString(payload, field, entryName) is { Length: > 0 } text
            ? text
            : throw ServiceError.BadRequest($"'{entryName}' payload needs a non-empty string field '{field}'.");

    /// <summary>A string field, or null when it is absent; any other type is a 400.</summary>
    public static string? OptionalString(JsonObject payload, string field, string entryName)
    {
        var node = payload[field];
        if (node is null) return null;
        return node is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw ServiceError.BadRequest($"'{entryName}' payload field '{field}' must be a string.");
    }

    public static DateTimeOffset RequireDate(JsonObject payload, string field, string entryName)
        => ParseDate(RequireString(payload, field, entryName), field, entryName);

    public static DateTimeOffset ParseDate(string text, string field, string entryName)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw ServiceError.BadRequest($"'{entryName}' payload field '{field}' must be an ISO 8601 date-time.");

    /// <summary>A string array field (absent means empty); anything else is a 400.</summary>
    public static List<string> StringList(JsonObject payload, string field, string entryName)
    {
        var items = new List<string>();
        var node = payload[field];
        if (node is null) return items;
        if (node is not JsonArray array) throw ServiceError.BadRequest($"'{entryName}' payload field '{field}' must be an array of strings.");
        foreach (var item in array)
        {
            if (item is not JsonValue value || !value.TryGetValue(out string? text))
                throw ServiceError.BadRequest($"'{entryName}' payload field '{field}' must hold strings only.");
            items.Add(text);
        }
        return items;
    }
}

/// <summary>What a service answers: a status, a JSON body, optionally a redirect and extra headers.</summary>
internal sealed record ServiceResponse(int Status, JsonNode? Body, string? Location = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ServiceResponse Ok(JsonNode body) => new(200, body);

    public static ServiceResponse NoContent() => new(204, null);

    public static Task<ServiceResponse> OkAsync(JsonNode body) => Task.FromResult(Ok(body));
}

/// <summary>A TaskCluster service implemented by the stand-in: handlers by entry name, over the reference's entries.</summary>
internal interface ILocalService
{
    /// <summary>The service's name, for example <c>queue</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Where the service is served below the root URL: <c>/api/queue/v1</c> for today's services,
    /// <c>/scheduler/v1</c> for the 2014 scheduler.
    /// </summary>
    string PathPrefix { get; }

    /// <summary>The reference entries the service serves, from the generated client.</summary>
    IReadOnlyList<ApiEntry> Entries { get; }

    /// <summary>
    /// Values, beyond route values, that fill the entry's scope expression: a task's schedulerId or projectId, a
    /// list such as createTask's <c>priorities</c>. They take precedence over payload fields of the same name. Runs
    /// before the scope check, so it is also where a request that could never succeed is refused with 400/404/409,
    /// as TaskCluster validates input before it checks scopes.
    /// </summary>
    void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, JsonNode? payload, IDictionary<string, object?> parameters);

    /// <summary>The handlers of the entries the service implements, by entry name; every other entry answers 501.</summary>
    IReadOnlyDictionary<string, Func<ServiceRequest, Task<ServiceResponse>>> Handlers { get; }
}
