using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Taskcluster.Local;

/// <summary>
/// A task definition as the queue stores it: the createTask payload checked and completed with today's defaults
/// (taskQueueId and provisionerId/workerType derived from each other, schedulerId <c>-</c>, projectId <c>none</c>,
/// priority <c>lowest</c>, five retries, expires a year after the deadline), so that <c>task</c> returns every
/// field and a repeated createTask is compared field by field rather than by spelling.
/// </summary>
internal sealed class TaskDefinition
{
    /// <summary>Priorities from the highest down; a task's priority needs a create-task scope at it or above.</summary>
    public static readonly IReadOnlyList<string> PriorityLevels = new[] { "highest", "very-high", "high", "medium", "low", "very-low", "lowest" };

    private static readonly Regex s_identifier = new("^[a-zA-Z0-9-_]{1,38}$", RegexOptions.CultureInvariant);
    private static readonly Regex s_slugId = new("^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$", RegexOptions.CultureInvariant);
    private static readonly Regex s_projectId = new("^[a-zA-Z0-9._/-]{1,500}$", RegexOptions.CultureInvariant);
    private const string Entry = "createTask";

    private TaskDefinition() { }

    public required string TaskId { get; init; }
    public required string ProvisionerId { get; init; }
    public required string WorkerType { get; init; }
    public required string TaskQueueId { get; init; }
    public required string SchedulerId { get; init; }
    public required string ProjectId { get; init; }
    public required string TaskGroupId { get; init; }
    public required string Priority { get; init; }
    public required string Requires { get; init; }
    public required int Retries { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset Expires { get; init; }
    public required IReadOnlyList<string> Routes { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public required IReadOnlyList<string> Dependencies { get; init; }

    /// <summary>The normalized definition, as <c>task</c> returns it. Do not modify.</summary>
    public required JsonObject Json { get; init; }

    /// <summary>The normalized definition's JSON text, for idempotency checks.</summary>
    public required string Canonical { get; init; }

    /// <summary>The priorities whose create-task scope allows this task: its own and every higher one.</summary>
    public List<string> AcceptablePriorities()
    {
        var list = new List<string>();
        foreach (string level in PriorityLevels)
        {
            list.Add(level);
            if (level == Priority) break;
        }
        return list;
    }

    /// <summary>Checks a createTask payload and fills in the defaults; a problem is a 400 that names the field.</summary>
    public static TaskDefinition Normalize(string taskId, JsonObject payload, DateTimeOffset now)
    {
        if (!s_slugId.IsMatch(taskId)) throw ServiceError.BadRequest($"taskId '{taskId}' is not a slugid.");

        string? provisionerId = ServiceRequest.OptionalString(payload, "provisionerId", Entry);
        string? workerType = ServiceRequest.OptionalString(payload, "workerType", Entry);
        string? taskQueueId = ServiceRequest.OptionalString(payload, "taskQueueId", Entry);
        if (!string.IsNullOrEmpty(provisionerId) && !string.IsNullOrEmpty(workerType))
        {
            string joined = provisionerId + "/" + workerType;
            if (!string.IsNullOrEmpty(taskQueueId) && taskQueueId != joined)
                throw ServiceError.BadRequest($"taskQueueId '{taskQueueId}' must match provisionerId/workerType '{joined}'.");
            taskQueueId = joined;
        }
        else if (!string.IsNullOrEmpty(taskQueueId))
        {
            int slash = taskQueueId.IndexOf('/');
            if (slash <= 0 || slash == taskQueueId.Length - 1)
                throw ServiceError.BadRequest($"taskQueueId '{taskQueueId}' must have the form <provisionerId>/<workerType>.");
            provisionerId = taskQueueId.Substring(0, slash);
            workerType = taskQueueId.Substring(slash + 1);
        }
        else
        {
            throw ServiceError.BadRequest("A task needs a taskQueueId, or a provisionerId and a workerType.");
        }
        RequireIdentifier(provisionerId, "provisionerId");
        RequireIdentifier(workerType, "workerType");

        string schedulerId = ServiceRequest.OptionalString(payload, "schedulerId", Entry) ?? "-";
        RequireIdentifier(schedulerId, "schedulerId");
        string projectId = ServiceRequest.OptionalString(payload, "projectId", Entry) ?? "none";
        if (!s_projectId.IsMatch(projectId)) throw ServiceError.BadRequest($"projectId '{projectId}' is not a valid project id.");
        string taskGroupId = ServiceRequest.OptionalString(payload, "taskGroupId", Entry) ?? taskId;
        if (!s_slugId.IsMatch(taskGroupId)) throw ServiceError.BadRequest($"taskGroupId '{taskGroupId}' is not a slugid.");

        string priority = ServiceRequest.OptionalString(payload, "priority", Entry) ?? "lowest";
        if (priority == "normal") priority = "lowest"; // TaskCluster's migration of the old default
        if (!((IList<string>)PriorityLevels).Contains(priority))
            throw ServiceError.BadRequest($"priority '{priority}' is not one of {string.Join(", ", PriorityLevels)}.");
        string requires = ServiceRequest.OptionalString(payload, "requires", Entry) ?? "all-completed";
        if (requires is not ("all-completed" or "all-resolved"))
            throw ServiceError.BadRequest("requires must be 'all-completed' or 'all-resolved'.");
        int retries = 5;
        if (payload["retries"] is { } retriesNode)
        {
            if (retriesNode is not JsonValue value || !value.TryGetValue(out retries) || retries is < 0 or > 49)
                throw ServiceError.BadRequest("retries must be an integer from 0 to 49.");
        }

        var routes = ServiceRequest.StringList(payload, "routes", Entry);
        var scopes = ServiceRequest.StringList(payload, "scopes", Entry);
        var dependencies = ServiceRequest.StringList(payload, "dependencies", Entry);
        foreach (string scope in scopes)
        {
            if (scope.EndsWith("**", StringComparison.Ordinal)) throw ServiceError.BadRequest("scopes must not end with '**'.");
        }
        foreach (string route in routes)
        {
            if (route.Length is 0 or > 249) throw ServiceError.BadRequest("Every route must be 1 to 249 characters long.");
        }

        var created = ServiceRequest.RequireDate(payload, "created", Entry);
        var deadline = ServiceRequest.RequireDate(payload, "deadline", Entry);
        var expires = ServiceRequest.OptionalString(payload, "expires", Entry) is { } expiresText
            ? ServiceRequest.ParseDate(expiresText, "expires", Entry)
            : deadline.AddYears(1);
        var drift = TimeSpan.FromMinutes(15);
        if (created < now - drift) throw ServiceError.BadRequest("'created' cannot be in the past (15 minutes of drift allowed).");
        if (created > now + drift) throw ServiceError.BadRequest("'created' cannot be in the future (15 minutes of drift allowed).");
        if (created > deadline) throw ServiceError.BadRequest("'deadline' cannot be before 'created'.");
        if (deadline < now) throw ServiceError.BadRequest("'deadline' cannot be in the past.");
        if (deadline > now + TimeSpan.FromDays(5) + drift) throw ServiceError.BadRequest("'deadline' cannot be more than 5 days into the future.");
        if (expires < deadline) throw ServiceError.BadRequest("'expires' cannot be before 'deadline'.");

        if (payload["payload"] is not JsonObject taskPayload) throw ServiceError.BadRequest("'createTask' payload needs an object field 'payload'.");
        if (payload["metadata"] is not JsonObject metadata) throw ServiceError.BadRequest("'createTask' payload needs an object field 'metadata'.");
        var tags = payload["tags"] ?? new JsonObject();
        if (tags is not JsonObject) throw ServiceError.BadRequest("'tags' must be an object.");
        var extra = payload["extra"] ?? new JsonObject();
        if (extra is not JsonObject) throw ServiceError.BadRequest("'extra' must be an object.");

        var json = new JsonObject
        {
            ["provisionerId"] = provisionerId,
            ["workerType"] = workerType,
            ["taskQueueId"] = taskQueueId,
            ["schedulerId"] = schedulerId,
            ["projectId"] = projectId,
            ["taskGroupId"] = taskGroupId,
            ["dependencies"] = Array(dependencies),
            ["requires"] = requires,
            ["routes"] = Array(routes),
            ["priority"] = priority,
            ["retries"] = retries,
            ["created"] = LocalContext.Iso(created),
            ["deadline"] = LocalContext.Iso(deadline),
            ["expires"] = LocalContext.Iso(expires),
            ["scopes"] = Array(scopes),
            ["payload"] = taskPayload.DeepClone(),
            ["metadata"] = metadata.DeepClone(),
            ["tags"] = tags.DeepClone(),
            ["extra"] = extra.DeepClone(),
        };
        return new TaskDefinition
        {
            TaskId = taskId,
            ProvisionerId = provisionerId!,
            WorkerType = workerType!,
            TaskQueueId = taskQueueId!,
            SchedulerId = schedulerId,
            ProjectId = projectId,
            TaskGroupId = taskGroupId,
            Priority = priority,
            Requires = requires,
            Retries = retries,
            Deadline = deadline,
            Expires = expires,
            Routes = routes,
            Scopes = scopes,
            Dependencies = dependencies,
            Json = json,
            Canonical = json.ToJsonString(),
        };
    }

    private static void RequireIdentifier(string? value, string field)
    {
        if (value is null || !s_identifier.IsMatch(value))
            throw ServiceError.BadRequest($"{field} '{value}' must be 1 to 38 letters, digits, '-' or '_'.");
    }

    private static JsonArray Array(IEnumerable<string> items)
    {
        var array = new JsonArray();
        foreach (string item in items) array.Add(item);
        return array;
    }
}
