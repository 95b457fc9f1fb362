using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taskcluster.Local;

/// <summary>One authenticated call to a service: the entry it matched, its route values, payload and caller.</summary>
internal sealed class ServiceRequest
{
    public ServiceRequest(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, JsonNode? payload, Caller caller)
    {
        Entry = entry;
        RouteValues = routeValues;
        Payload = payload;
        Caller = caller;
    }

    public ApiEntry Entry { get; }

    public IReadOnlyDictionary<string, string> RouteValues { get; }

    public JsonNode? Payload { get; }

    public Caller Caller { get; }

    public string Route(string name) => RouteValues[name];

    public int RouteInt(string name)
        => int.TryParse(RouteValues[name], out int value) && value >= 0
            ? value
            : throw ServiceError.BadRequest($"'{name}' must be a non-negative integer, not '{RouteValues[name]}'.");

    public JsonObject RequirePayloadObject()
        => Payload as JsonObject ?? throw ServiceError.BadRequest($"'{Entry.Name}' needs a JSON object payload.");

    public static string RequireString(JsonObject payload, string field, string entryName)
        => payload[field] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrEmpty(text)
            ? text
            : throw ServiceError.BadRequest($"'{entryName}' payload needs a non-empty string field '{field}'.");

    public static DateTimeOffset RequireDate(JsonObject payload, string field, string entryName)
        => DateTimeOffset.TryParse(RequireString(payload, field, entryName), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw ServiceError.BadRequest($"'{entryName}' payload field '{field}' must be an ISO 8601 date-time.");
}

/// <summary>What a service answers: a status and a JSON body, or a redirect.</summary>
internal sealed record ServiceResponse(int Status, JsonNode? Body, string? Location = null)
{
    public static ServiceResponse Ok(JsonNode body) => new(200, body);

    public static ServiceResponse Redirect(string location) => new(303, null, location);
}

/// <summary>A TaskCluster service implemented by the stand-in: handlers by entry name, over the reference's entries.</summary>
internal interface ILocalService
{
    /// <summary>The path prefix, for example <c>queue</c> (served under <c>/queue/v1/</c>).</summary>
    string Name { get; }

    /// <summary>The reference entries the service serves, from the generated client.</summary>
    IReadOnlyList<ApiEntry> Entries { get; }

    /// <summary>
    /// Values, beyond route values and payload fields, that fill the entry's scope placeholders (such as a task's
    /// provisionerId). Runs before the scope check, so it is also where a request that could never succeed is refused
    /// with 400/404/409, as TaskCluster validates input before it checks scopes.
    /// </summary>
    void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, System.Text.Json.Nodes.JsonNode? payload, IDictionary<string, string> parameters);

    /// <summary>Handles a call, or returns null when the entry is not implemented.</summary>
    System.Threading.Tasks.Task<ServiceResponse>? Handle(ServiceRequest request);
}
