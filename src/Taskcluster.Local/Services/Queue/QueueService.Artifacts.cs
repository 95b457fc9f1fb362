using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Taskcluster.Models;
using Taskcluster.Models.Queue;

namespace Taskcluster.Local;

/// <summary>
/// Artifacts. <c>s3</c> artifacts live in the stand-in's own <see cref="ArtifactStore"/>; <c>reference</c> artifacts
/// redirect to their URL; <c>link</c> artifacts stand for another artifact of the same run; <c>error</c> artifacts
/// answer 424. <c>object</c> artifacts need TaskCluster's object service, which the stand-in does not have.
/// </summary>
internal sealed partial class QueueService
{
    private static readonly PostArtifactRequestErrorReason[] s_errorReasons =
    {
        PostArtifactRequestErrorReason.FileMissingOnWorker, PostArtifactRequestErrorReason.InvalidResourceOnWorker,
        PostArtifactRequestErrorReason.TooLargeFileOnWorker, PostArtifactRequestErrorReason.FileNotReadableOnWorker,
    };

    /// <summary>What an artifact that does not say (a link, an error) is stored as, as TaskCluster stores it.</summary>
    private const string DefaultContentType = "application/binary";

    /// <summary>How long a putUrl accepts the upload, as long as TaskCluster's pre-signed S3 URLs.</summary>
    private static readonly TimeSpan s_uploadWindow = TimeSpan.FromMinutes(45);

    private const string StorageTypeHeader = "x-taskcluster-artifact-storage-type";

    private async Task<ServiceResponse> CreateArtifactAsync(ServiceRequest request)
    {
        string name = request.Route("name");
        var proposed = ProposedArtifact(name, request.Input<PostArtifactRequest>());
        var now = _context.Now;
        if (proposed.Expires < now - TimeSpan.FromMinutes(15)) throw ServiceError.BadRequest("'expires' must be in the future.");

        PostArtifactResponse answer;
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
            bool open = run.State == TaskStatusRunsItemState.Running
                || (run.State == TaskStatusRunsItemState.Exception && run.Resolved is { } resolved && resolved > now - TimeSpan.FromMinutes(25));
            if (!open) throw ServiceError.Conflict($"Run {run.RunId} of task '{task.TaskId}' is {run.StateName}: artifacts can only be created while it runs.");

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
                answer = new PostArtifactResponseS3
                {
                    ContentType = proposed.ContentType,
                    Expires = now + s_uploadWindow,
                    PutUrl = StoreUrl(token),
                };
            }
            else
            {
                answer = proposed.StorageType switch
                {
                    "reference" => new PostArtifactResponseReference(),
                    "link" => new PostArtifactResponseLink(),
                    _ => new PostArtifactResponseError(),
                };
            }
            run.Artifacts[name] = proposed;
            // TaskCluster publishes artifactCreated for every storage type except s3 (its message schema has no s3).
            if (proposed.StorageType != "s3") events.Add(ArtifactCreatedEvent(task, run, proposed));
        }
        await PublishAsync(events).ConfigureAwait(false);
        return ServiceResponse.Ok(answer, QueueJsonContext.Default.PostArtifactResponse);
    }

    /// <summary>Whether a createArtifact payload is of a storage type the schema describes (object included, which the stand-in then refuses).</summary>
    private static bool IsKnownStorageType(PostArtifactRequest artifact)
        => artifact is PostArtifactRequestS3 or PostArtifactRequestObject or PostArtifactRequestReference or PostArtifactRequestLink or PostArtifactRequestError;

    private static ArtifactRecord ProposedArtifact(string name, PostArtifactRequest request)
    {
        switch (request)
        {
            case PostArtifactRequestS3 s3:
                return new ArtifactRecord(name, s3.StorageType, s3.ContentType, LocalContext.ToMilliseconds(s3.Expires));
            case PostArtifactRequestReference reference:
                string url = reference.Url;
                if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
                    throw ServiceError.BadRequest($"A reference artifact's url must be an absolute http(s) URL, not '{url}'.");
                return new ArtifactRecord(name, reference.StorageType, reference.ContentType, LocalContext.ToMilliseconds(reference.Expires)) { Url = url };
            case PostArtifactRequestLink link:
                if (link.Artifact.Length == 0) throw ServiceError.InvalidInput("A link artifact needs the name of the artifact it stands for.");
                return new ArtifactRecord(name, link.StorageType, link.ContentType ?? DefaultContentType, LocalContext.ToMilliseconds(link.Expires))
                {
                    LinkTarget = link.Artifact,
                };
            case PostArtifactRequestError error:
                // A reason outside the schema's enum reads as Unknown: the model keeps it for a client, the server refuses it.
                if (!s_errorReasons.Contains(error.Reason))
                {
                    throw ServiceError.InvalidInput(
                        $"An error artifact's reason must be one of {string.Join(", ", s_errorReasons.Select(r => WireName.Of(r, QueueJsonContext.Default.PostArtifactRequestErrorReason)))}.");
                }
                return new ArtifactRecord(name, error.StorageType, DefaultContentType, LocalContext.ToMilliseconds(error.Expires))
                {
                    Reason = error.Reason,
                    Message = error.Message,
                };
            case PostArtifactRequestObject:
                throw ServiceError.BadRequest(
                    "storageType 'object' is not supported by the stand-in: object artifacts are stored through TaskCluster's object " +
                    "service, which it does not have. Use 's3' (uploaded to the stand-in's own store), 'reference', 'link' or 'error'.");
            default:
                throw ServiceError.InvalidInput($"storageType must be one of s3, object, reference, link or error, not '{request.StorageType}'.");
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
                    // The one error body TaskCluster shapes as the artifact's own {reason, message}; no schema describes it.
                    throw new ServiceError(424, "FailedDependency", artifact.Message!,
                        new JsonObject { ["reason"] = artifact.ReasonName, ["message"] = artifact.Message });
                default:
                    string url = artifact.StorageType == "s3" ? StoreUrl(artifact.Token!) : artifact.Url!;
                    return ServiceResponse.SeeOther(url, new GetArtifactResponse { StorageType = artifact.StorageType, Url = url },
                        QueueJsonContext.Default.GetArtifactResponse, headers);
            }
        }
    }

    /// <summary>artifact and latestArtifact: how to reach the content, links followed; an error artifact is described, not refused.</summary>
    private ArtifactContentResponse ArtifactContent(ServiceRequest request, bool latest)
    {
        lock (_gate)
        {
            var artifact = FollowLinksLocked(request, latest);
            return artifact.StorageType switch
            {
                "s3" => new ArtifactContentResponseS3 { Url = StoreUrl(artifact.Token!) },
                "reference" => new ArtifactContentResponseReference { Url = artifact.Url! },
                _ => new ArtifactContentResponseError { Reason = artifact.ReasonName, Message = artifact.Message! },
            };
        }
    }

    /// <summary>artifactInfo and latestArtifactInfo: the artifact's metadata, links not followed.</summary>
    private ArtifactResponse ArtifactInfo(ServiceRequest request, bool latest)
    {
        lock (_gate)
        {
            var run = RequestedRunLocked(request, latest);
            string name = request.Route("name");
            return run.Artifacts.TryGetValue(name, out var artifact)
                ? artifact.ToResponse()
                : throw ServiceError.NotFound($"Run {run.RunId} of task '{request.Route("taskId")}' has no artifact '{name}'.");
        }
    }

    private ListArtifactsResponse ListArtifacts(ServiceRequest request, bool latest)
    {
        lock (_gate)
        {
            var run = RequestedRunLocked(request, latest);
            var page = Paging.Page(run.Artifacts.Values, a => a.Name, request, out var token);
            return new ListArtifactsResponse { Artifacts = page.Select(artifact => artifact.ToResponse()).ToList(), ContinuationToken = token };
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
