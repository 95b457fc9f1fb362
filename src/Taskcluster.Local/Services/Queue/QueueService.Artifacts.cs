using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Taskcluster.Local;

/// <summary>
/// Artifacts. <c>s3</c> artifacts live in the stand-in's own <see cref="ArtifactStore"/>; <c>reference</c> artifacts
/// redirect to their URL; <c>link</c> artifacts stand for another artifact of the same run; <c>error</c> artifacts
/// answer 424. <c>object</c> artifacts need TaskCluster's object service, which the stand-in does not have.
/// </summary>
internal sealed partial class QueueService
{
    private static readonly string[] s_errorReasons = { "file-missing-on-worker", "invalid-resource-on-worker", "too-large-file-on-worker", "file-not-readable-on-worker" };

    /// <summary>How long a putUrl accepts the upload, as long as TaskCluster's pre-signed S3 URLs.</summary>
    private static readonly TimeSpan s_uploadWindow = TimeSpan.FromMinutes(45);

    private const string StorageTypeHeader = "x-taskcluster-artifact-storage-type";

    private async Task<ServiceResponse> CreateArtifactAsync(ServiceRequest request)
    {
        string name = request.Route("name");
        var payload = request.RequirePayloadObject();
        var proposed = ProposedArtifact(name, payload);
        var now = _context.Now;
        if (proposed.Expires < now - TimeSpan.FromMinutes(15)) throw ServiceError.BadRequest("'expires' must be in the future.");

        JsonObject answer;
        var events = new List<PendingEvent>();
        lock (_gate)
        {
            var task = FindLocked(request.Route("taskId"));
            var run = FindRunLocked(task, request.RouteInt("runId"));
            if (proposed.Expires > task.Definition.Expires)
            {
                throw ServiceError.BadRequest(
                    $"The artifact would expire ({LocalContext.Iso(proposed.Expires)}) after its task ({LocalContext.Iso(task.Definition.Expires)}); it may not.");
            }
            // As TaskCluster allows: a run resolved as exception takes artifacts (logs, mostly) for 25 more minutes.
            bool open = run.State == "running"
                || (run.State == "exception" && run.Resolved is { } resolved && resolved > now - TimeSpan.FromMinutes(25));
            if (!open) throw ServiceError.Conflict($"Run {run.RunId} of task '{task.TaskId}' is {run.State}: artifacts can only be created while it runs.");

            if (run.Artifacts.TryGetValue(name, out var existing))
            {
                if (!Compatible(existing, proposed))
                {
                    throw ServiceError.Conflict(
                        $"Artifact '{name}' already exists as {existing.StorageType} ({existing.ContentType}, expires {LocalContext.Iso(existing.Expires)}) " +
                        "and this request changes it in a way TaskCluster does not allow.");
                }
            }
            if (proposed.StorageType == "s3")
            {
                // Repeating createArtifact refreshes the upload URL of the same object, so an interrupted upload can resume.
                string? token = existing?.Token;
                if (token is null) token = _context.Artifacts.Reserve(now + s_uploadWindow);
                else _context.Artifacts.ExtendUpload(token, now + s_uploadWindow);
                proposed = proposed with { Token = token };
                answer = new JsonObject
                {
                    ["storageType"] = "s3",
                    ["contentType"] = proposed.ContentType,
                    ["expires"] = LocalContext.Iso(now + s_uploadWindow),
                    ["putUrl"] = StoreUrl(token),
                };
            }
            else
            {
                answer = new JsonObject { ["storageType"] = proposed.StorageType };
            }
            run.Artifacts[name] = proposed;
            // TaskCluster publishes artifactCreated for every storage type except s3 (its message schema has no s3).
            if (proposed.StorageType != "s3")
            {
                var artifact = proposed;
                events.Add(TaskEvent(task, "artifactCreated", run, withTask: false, extra: message => message["artifact"] = artifact.ToJson()));
            }
        }
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(answer);
    }

    private static ArtifactRecord ProposedArtifact(string name, JsonObject payload)
    {
        const string entry = "createArtifact";
        string storageType = ServiceRequest.RequireString(payload, "storageType", entry);
        var expires = ServiceRequest.RequireDate(payload, "expires", entry);
        string contentType = ServiceRequest.OptionalString(payload, "contentType", entry) ?? "application/binary";
        switch (storageType)
        {
            case "s3":
                return new ArtifactRecord(name, storageType, contentType, expires);
            case "reference":
                string url = ServiceRequest.RequireString(payload, "url", entry);
                if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
                    throw ServiceError.BadRequest($"A reference artifact's url must be an absolute http(s) URL, not '{url}'.");
                return new ArtifactRecord(name, storageType, contentType, expires) { Url = url };
            case "link":
                return new ArtifactRecord(name, storageType, contentType, expires) { LinkTarget = ServiceRequest.RequireString(payload, "artifact", entry) };
            case "error":
                string reason = ServiceRequest.RequireString(payload, "reason", entry);
                if (!s_errorReasons.Contains(reason))
                    throw ServiceError.BadRequest($"An error artifact's reason must be one of {string.Join(", ", s_errorReasons)}, not '{reason}'.");
                return new ArtifactRecord(name, storageType, contentType, expires) { Reason = reason, Message = ServiceRequest.RequireString(payload, "message", entry) };
            case "object":
                throw ServiceError.BadRequest(
                    "storageType 'object' is not supported by the stand-in: object artifacts are stored through TaskCluster's object " +
                    "service, which it does not have. Use 's3' (uploaded to the stand-in's own store), 'reference', 'link' or 'error'.");
            default:
                throw ServiceError.BadRequest($"storageType must be one of s3, object, reference, link or error, not '{storageType}'.");
        }
    }

    /// <summary>
    /// Whether a repeated createArtifact may stand: the same artifact again, a later expiry, a new URL for a
    /// reference, or a link replacing a reference (TaskCluster's "immutability special cases").
    /// </summary>
    private static bool Compatible(ArtifactRecord existing, ArtifactRecord proposed)
    {
        if (proposed.StorageType != "link" && existing.ContentType != proposed.ContentType) return false;
        if (proposed.Expires < existing.Expires) return false;
        if (existing.StorageType == proposed.StorageType)
        {
            return proposed.StorageType == "reference"
                || (existing.LinkTarget == proposed.LinkTarget && existing.Reason == proposed.Reason && existing.Message == proposed.Message);
        }
        return existing.StorageType == "reference" && proposed.StorageType == "link";
    }

    /// <summary>getArtifact and getLatestArtifact: a 303 to where the bytes are, links followed, 424 for an error artifact.</summary>
    private ServiceResponse GetArtifact(ServiceRequest request, bool latest)
    {
        lock (_gate)
        {
            var artifact = FollowLinksLocked(request, latest);
            var headers = new Dictionary<string, string> { [StorageTypeHeader] = artifact.StorageType };
            switch (artifact.StorageType)
            {
                case "error":
                    throw new ServiceError(424, "FailedDependency", artifact.Message!,
                        new JsonObject { ["reason"] = artifact.Reason, ["message"] = artifact.Message });
                default:
                    string url = artifact.StorageType == "s3" ? StoreUrl(artifact.Token!) : artifact.Url!;
                    return new ServiceResponse(303, new JsonObject { ["storageType"] = artifact.StorageType, ["url"] = url }, url, headers);
            }
        }
    }

    /// <summary>artifact and latestArtifact: how to reach the content, links followed; an error artifact is described, not refused.</summary>
    private JsonObject ArtifactContent(ServiceRequest request, bool latest)
    {
        lock (_gate)
        {
            var artifact = FollowLinksLocked(request, latest);
            return artifact.StorageType switch
            {
                "s3" => new JsonObject { ["storageType"] = "s3", ["url"] = StoreUrl(artifact.Token!) },
                "reference" => new JsonObject { ["storageType"] = "reference", ["url"] = artifact.Url },
                _ => new JsonObject { ["storageType"] = "error", ["reason"] = artifact.Reason, ["message"] = artifact.Message },
            };
        }
    }

    /// <summary>artifactInfo and latestArtifactInfo: the artifact's metadata, links not followed.</summary>
    private JsonObject ArtifactInfo(ServiceRequest request, bool latest)
    {
        lock (_gate)
        {
            var run = RequestedRunLocked(request, latest);
            string name = request.Route("name");
            return run.Artifacts.TryGetValue(name, out var artifact)
                ? artifact.ToJson()
                : throw ServiceError.NotFound($"Run {run.RunId} of task '{request.Route("taskId")}' has no artifact '{name}'.");
        }
    }

    private JsonObject ListArtifacts(ServiceRequest request, bool latest)
    {
        lock (_gate)
        {
            var run = RequestedRunLocked(request, latest);
            var page = Paging.Page(run.Artifacts.Values, a => a.Name, request, out var token);
            var artifacts = new JsonArray();
            foreach (var artifact in page) artifacts.Add(artifact.ToJson());
            return new JsonObject { ["artifacts"] = artifacts }.WithToken(token);
        }
    }

    private RunRecord RequestedRunLocked(ServiceRequest request, bool latest)
    {
        var task = FindLocked(request.Route("taskId"));
        if (!latest) return FindRunLocked(task, request.RouteInt("runId"));
        return task.Runs.Count > 0 ? task.Runs[^1] : throw ServiceError.NotFound($"Task '{task.TaskId}' has no runs yet.");
    }

    /// <summary>
    /// The artifact a request names, following link artifacts within the run. Each name passed needs its own
    /// <c>queue:get-artifact:</c> scope (the router checked the first); a cycle is a 400, an expired artifact a 410.
    /// </summary>
    private ArtifactRecord FollowLinksLocked(ServiceRequest request, bool latest)
    {
        var run = RequestedRunLocked(request, latest);
        string name = request.Route("name");
        var names = new List<string> { name };
        while (true)
        {
            if (!run.Artifacts.TryGetValue(name, out var artifact))
                throw ServiceError.NotFound($"Run {run.RunId} of task '{request.Route("taskId")}' has no artifact '{name}'.");
            if (artifact.Expires < _context.Now) throw ServiceError.Expired($"Artifact '{name}' expired at {LocalContext.Iso(artifact.Expires)}.");
            if (artifact.StorageType != "link") return artifact;
            name = artifact.LinkTarget!;
            if (names.Contains(name)) throw ServiceError.BadRequest($"Artifact '{request.Route("name")}' leads to a cycle of links.");
            names.Add(name);
            request.Authorize(new Dictionary<string, object?> { ["names"] = new List<string>(names) });
        }
    }

    private string StoreUrl(string token) => _context.RootUrl + ArtifactStore.PathPrefix + token;
}
