using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>
/// One authenticated call to a service: the entry it matched, its route and query values, its payload (raw, and read
/// into the model of the entry's input schema when the service declares one) and caller.
/// </summary>
internal sealed class ServiceRequest
{
    private readonly object? _input;

    public ServiceRequest(
        ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, IReadOnlyDictionary<string, string> query,
        JsonNode? payload, object? input, Caller caller)
    {
        Entry = entry;
        RouteValues = routeValues;
        Query = query;
        Payload = payload;
        _input = input;
        Caller = caller;
    }

    public ApiEntry Entry { get; }

    public IReadOnlyDictionary<string, string> RouteValues { get; }

    /// <summary>The decoded query-string values the entry declares (a bewit is never among them).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>The payload as parsed JSON, for the legacy scheduler (which has no models) and for scope parameters.</summary>
    public JsonNode? Payload { get; }

    public Caller Caller { get; }

    public string Route(string name) => RouteValues[name];

    public int RouteInt(string name) => ParseRunId(RouteValues[name], name);

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>The payload read into the model of the entry's input schema (see <see cref="ILocalService.Inputs"/>).</summary>
    /// <exception cref="InvalidOperationException">The service declared no such input for the entry: a bug in the stand-in.</exception>
    public T Input<T>() where T : class
        => _input as T ?? throw new InvalidOperationException($"The stand-in declares no {typeof(T).Name} input for '{Entry.Name}'.");

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
        => payload[field] is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0
            ? text
            : throw ServiceError.BadRequest($"'{entryName}' payload needs a non-empty string field '{field}'.");
}

/// <summary>
/// What a service answers: a status, a body and the metadata that writes it, optionally a redirect and extra headers.
/// The router serializes the body (<see cref="ReferenceRouter.WriteAsync"/>), the one place JSON answers are written.
/// </summary>
internal sealed class ServiceResponse
{
    private ServiceResponse(int status, object? body, JsonTypeInfo? bodyType, string? location, IReadOnlyDictionary<string, string>? headers)
    {
        Status = status;
        Body = body;
        BodyType = bodyType;
        Location = location;
        Headers = headers;
    }

    public int Status { get; }

    public object? Body { get; }

    /// <summary>How <see cref="Body"/> is written: the JsonTypeInfo of its model, so nothing is written by reflection.</summary>
    public JsonTypeInfo? BodyType { get; }

    public string? Location { get; }

    public IReadOnlyDictionary<string, string>? Headers { get; }

    /// <summary>A 200 whose body is a model of the entry's output schema.</summary>
    public static ServiceResponse Ok<T>(T value, JsonTypeInfo<T> type) where T : class => new(200, value, type, null, null);

    public static Task<ServiceResponse> OkAsync<T>(T value, JsonTypeInfo<T> type) where T : class => Task.FromResult(Ok(value, type));

    /// <summary>A 303 to <paramref name="location"/>, with a body that says where it leads as the entry's output schema describes it.</summary>
    public static ServiceResponse SeeOther<T>(string location, T value, JsonTypeInfo<T> type, IReadOnlyDictionary<string, string>? headers = null)
        where T : class
        => new(303, value, type, location, headers);

    /// <summary>A 303 to <paramref name="location"/> without a body, for an entry that has no output schema.</summary>
    public static ServiceResponse SeeOther(string location) => new(303, null, null, location, null);

    /// <summary>
    /// A body with no schema to build it from: answers of entries without an output schema (<c>ping</c>, secrets'
    /// <c>set</c>), error bodies, and the legacy 2014 scheduler, which has no models.
    /// </summary>
    public static ServiceResponse Json(int status, JsonObject body) => new(status, body, LocalJsonContext.Default.JsonObject, null, null);

    public static Task<ServiceResponse> JsonAsync(JsonObject body) => Task.FromResult(Json(200, body));

    /// <summary>The body as UTF-8 JSON, or null when there is none.</summary>
    public byte[]? SerializeBody() => Body is null || BodyType is null ? null : JsonSerializer.SerializeToUtf8Bytes(Body, BodyType);
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
    /// How the payload of each entry with an input schema is read: the model of that schema. The router reads it before
    /// anything else looks at the payload, so a payload the schema rejects is a 400 InputValidationError whatever the
    /// entry; an entry not listed here (the legacy scheduler's) gets its payload as parsed JSON only.
    /// </summary>
    IReadOnlyDictionary<string, InputModel> Inputs { get; }

    /// <summary>
    /// Values, beyond route values, that fill the entry's scope expression: a task's schedulerId or projectId, a
    /// list such as createTask's <c>priorities</c>. They take precedence over payload fields of the same name. Runs
    /// before the scope check, so it is also where a request that could never succeed is refused with 400/404/409,
    /// as TaskCluster validates input before it checks scopes. <paramref name="input"/> is the payload read by the
    /// entry's <see cref="Inputs"/> model, or null when the entry has none.
    /// </summary>
    void AddScopeParameters(ApiEntry entry, IReadOnlyDictionary<string, string> routeValues, object? input, IDictionary<string, object?> parameters);

    /// <summary>The handlers of the entries the service implements, by entry name; every other entry answers 501.</summary>
    IReadOnlyDictionary<string, Func<ServiceRequest, Task<ServiceResponse>>> Handlers { get; }
}
