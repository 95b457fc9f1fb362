using System;
using System.Text.Json.Nodes;

namespace Taskcluster.Local;

/// <summary>A failure the stand-in reports to the client as a TaskCluster-style JSON error body.</summary>
internal sealed class ServiceError : Exception
{
    public ServiceError(int status, string code, string message, JsonObject? body = null) : base(message)
    {
        Status = status;
        Code = code;
        Body = body;
    }

    public int Status { get; }

    public string Code { get; }

    /// <summary>
    /// A body to send instead of the usual <c>{code, message, requestInfo}</c>, for the one answer TaskCluster shapes
    /// differently: an error artifact's 424 carries the artifact's own <c>{reason, message}</c>.
    /// </summary>
    public JsonObject? Body { get; }

    /// <summary>A request TaskCluster's own checks refuse beyond its schema (a deadline in the past, a missing dependency).</summary>
    public static ServiceError BadRequest(string message) => new(400, "InputError", message);

    /// <summary>
    /// A payload the entry's input schema refuses: what TaskCluster answers before its handler runs, with the code
    /// it uses for that (a required property missing, a wrong type, a value outside an enum, pattern or range).
    /// </summary>
    public static ServiceError InvalidInput(string message) => new(400, "InputValidationError", message);

    public static ServiceError NotFound(string message) => new(404, "ResourceNotFound", message);

    public static ServiceError Conflict(string message) => new(409, "RequestConflict", message);

    public static ServiceError Expired(string message) => new(410, "ResourceExpired", message);

    public static ServiceError NotImplemented(string message) => new(501, "NotImplemented", message);
}
