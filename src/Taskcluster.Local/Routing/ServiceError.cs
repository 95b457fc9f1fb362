using System;

namespace Taskcluster.Local;

/// <summary>A failure the stand-in reports to the client as a TaskCluster-style JSON error body.</summary>
internal sealed class ServiceError : Exception
{
    public ServiceError(int status, string code, string message) : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }

    public static ServiceError BadRequest(string message) => new(400, "InputError", message);

    public static ServiceError NotFound(string message) => new(404, "ResourceNotFound", message);

    public static ServiceError Conflict(string message) => new(409, "RequestConflict", message);
}
