using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Taskcluster.Models;
using Taskcluster.Models.Queue;

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
    public static readonly IReadOnlyList<TaskPriority> PriorityLevels = new[]
    {
        TaskPriority.Highest, TaskPriority.VeryHigh, TaskPriority.High, TaskPriority.Medium, TaskPriority.Low, TaskPriority.VeryLow, TaskPriority.Lowest,
    };

    private static readonly Regex s_identifier = new("^[a-zA-Z0-9-_]{1,38}$", RegexOptions.CultureInvariant);
    private static readonly Regex s_slugId = new("^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$", RegexOptions.CultureInvariant);
    private static readonly Regex s_projectId = new("^[a-zA-Z0-9._/-]{1,500}$", RegexOptions.CultureInvariant);

    private TaskDefinition() { }

    public required string TaskId { get; init; }
    public required string ProvisionerId { get; init; }
    public required string WorkerType { get; init; }
    public required string TaskQueueId { get; init; }
    public required string SchedulerId { get; init; }
    public required string ProjectId { get; init; }
    public required string TaskGroupId { get; init; }
    public required TaskPriority Priority { get; init; }
    public required TaskRequires Requires { get; init; }
    public required int Retries { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset Expires { get; init; }
    public required IReadOnlyList<string> Routes { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public required IReadOnlyList<string> Dependencies { get; init; }
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>The task's metadata, a copy of the request's. Do not modify.</summary>
    public required TaskMetadata Metadata { get; init; }

    /// <summary>The worker's payload, free JSON as the schema leaves it. Do not modify; answers get a copy.</summary>
    public required JsonObject Payload { get; init; }

    /// <summary>Free JSON as the schema leaves it. Do not modify; answers get a copy.</summary>
    public required JsonObject Extra { get; init; }

    /// <summary>The normalized definition's JSON text as <c>task</c> writes it, for idempotency checks.</summary>
    public string Canonical { get; private set; } = string.Empty;

    /// <summary>The definition as task.json describes it, what <c>task</c> returns; a new model each time, so no answer shares JSON nodes with another.</summary>
    public TaskModel ToModel() => new()
    {
        ProvisionerId = ProvisionerId,
        WorkerType = WorkerType,
        TaskQueueId = TaskQueueId,
        SchedulerId = SchedulerId,
        ProjectId = ProjectId,
        TaskGroupId = TaskGroupId,
        Dependencies = Dependencies,
        Requires = Requires,
        Routes = Routes,
        Priority = Priority,
        Retries = Retries,
        Created = Created,
        Deadline = Deadline,
        Expires = Expires,
        Scopes = Scopes,
        Payload = (JsonObject)Payload.DeepClone(),
        Metadata = CopyOf(Metadata),
        Tags = Tags,
        Extra = (JsonObject)Extra.DeepClone(),
    };

    /// <summary>What task messages carry of the task itself (task-pulse-definition: its tags).</summary>
    public TaskPulseDefinition ToPulseDefinition() => new() { Tags = Tags };

    /// <summary>The priorities whose create-task scope allows this task, by wire name: its own and every higher one.</summary>
    public List<string> AcceptablePriorities()
    {
        var list = new List<string>();
        foreach (var level in PriorityLevels)
        {
            list.Add(WireName.Of(level, QueueJsonContext.Default.TaskPriority));
            if (level == Priority) break;
        }
        return list;
    }

    /// <summary>Where a priority stands, 0 for the highest: claimWork hands out tasks in this order.</summary>
    public static int PriorityRank(TaskPriority priority)
    {
        for (int i = 0; i < PriorityLevels.Count; i++)
        {
            if (PriorityLevels[i] == priority) return i;
        }
        return PriorityLevels.Count;
    }

    /// <summary>
    /// Checks a createTask payload, already read into its model, beyond what the model checks (patterns, ranges, enum
    /// values, how the fields relate to each other and to the time) and fills in the defaults; a problem is a 400
    /// that names the field.
    /// </summary>
    public static TaskDefinition Normalize(string taskId, CreateTaskRequest request, DateTimeOffset now)
    {
        if (!s_slugId.IsMatch(taskId)) throw ServiceError.BadRequest($"taskId '{taskId}' is not a slugid.");

        string? provisionerId = request.ProvisionerId;
        string? workerType = request.WorkerType;
        string? taskQueueId = request.TaskQueueId;
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
                throw ServiceError.InvalidInput($"taskQueueId '{taskQueueId}' must have the form <provisionerId>/<workerType>.");
            provisionerId = taskQueueId.Substring(0, slash);
            workerType = taskQueueId.Substring(slash + 1);
        }
        else
        {
            throw ServiceError.BadRequest("A task needs a taskQueueId, or a provisionerId and a workerType.");
        }
        RequireIdentifier(provisionerId, "provisionerId");
        RequireIdentifier(workerType, "workerType");

        string schedulerId = request.SchedulerId ?? "-";
        RequireIdentifier(schedulerId, "schedulerId");
        string projectId = request.ProjectId ?? "none";
        if (!s_projectId.IsMatch(projectId)) throw ServiceError.InvalidInput($"projectId '{projectId}' is not a valid project id.");
        string taskGroupId = request.TaskGroupId ?? taskId;
        if (!s_slugId.IsMatch(taskGroupId)) throw ServiceError.InvalidInput($"taskGroupId '{taskGroupId}' is not a slugid.");

        // A string outside the schema's enum reads as Unknown: the model keeps it for a client, the server refuses it.
        var priority = request.Priority ?? TaskPriority.Lowest;
        if (priority == TaskPriority.Unknown)
        {
            throw ServiceError.InvalidInput(
                $"priority must be one of {string.Join(", ", PriorityLevels.Select(level => WireName.Of(level, QueueJsonContext.Default.TaskPriority)))}.");
        }
        var requires = request.Requires ?? TaskRequires.AllCompleted;
        if (requires == TaskRequires.Unknown) throw ServiceError.InvalidInput("requires must be 'all-completed' or 'all-resolved'.");
        int retries = request.Retries ?? 5;
        if (retries is < 0 or > 49) throw ServiceError.InvalidInput("retries must be an integer from 0 to 49.");

        var routes = request.Routes ?? Array.Empty<string>();
        var scopes = request.Scopes ?? Array.Empty<string>();
        var dependencies = request.Dependencies ?? Array.Empty<string>();
        foreach (string scope in scopes)
        {
            if (scope.EndsWith("**", StringComparison.Ordinal)) throw ServiceError.InvalidInput("scopes must not end with '**'.");
        }
        foreach (string route in routes)
        {
            if (route.Length is 0 or > 249) throw ServiceError.InvalidInput("Every route must be 1 to 249 characters long.");
        }

        var created = LocalContext.ToMilliseconds(request.Created);
        var deadline = LocalContext.ToMilliseconds(request.Deadline);
        var expires = request.Expires is { } givenExpires ? LocalContext.ToMilliseconds(givenExpires) : deadline.AddYears(1);
        var drift = TimeSpan.FromMinutes(15);
        if (created < now - drift) throw ServiceError.BadRequest("'created' cannot be in the past (15 minutes of drift allowed).");
        if (created > now + drift) throw ServiceError.BadRequest("'created' cannot be in the future (15 minutes of drift allowed).");
        if (created > deadline) throw ServiceError.BadRequest("'deadline' cannot be before 'created'.");
        if (deadline < now) throw ServiceError.BadRequest("'deadline' cannot be in the past.");
        if (deadline > now + TimeSpan.FromDays(5) + drift) throw ServiceError.BadRequest("'deadline' cannot be more than 5 days into the future.");
        if (expires < deadline) throw ServiceError.BadRequest("'expires' cannot be before 'deadline'.");

        var definition = new TaskDefinition
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
            Created = created,
            Deadline = deadline,
            Expires = expires,
            Routes = routes.ToArray(),
            Scopes = scopes.ToArray(),
            Dependencies = dependencies.ToArray(),
            Tags = new Dictionary<string, string>(request.Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            Metadata = CopyOf(request.Metadata),
            Payload = (JsonObject)request.Payload.DeepClone(),
            Extra = (JsonObject)(request.Extra ?? new JsonObject()).DeepClone(),
        };
        definition.Canonical = JsonSerializer.Serialize(definition.ToModel(), QueueJsonContext.Default.TaskModel);
        return definition;
    }

    private static TaskMetadata CopyOf(TaskMetadata metadata) => new()
    {
        Name = metadata.Name,
        Description = metadata.Description,
        Owner = metadata.Owner,
        Source = metadata.Source,
    };

    private static void RequireIdentifier(string? value, string field)
    {
        if (value is null || !s_identifier.IsMatch(value))
            throw ServiceError.InvalidInput($"{field} '{value}' must be 1 to 38 letters, digits, '-' or '_'.");
    }
}
