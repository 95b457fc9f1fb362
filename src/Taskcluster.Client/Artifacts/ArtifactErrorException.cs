using System;

namespace Taskcluster;

/// <summary>
/// The artifact is an <c>error</c> artifact: the worker recorded that it could not produce it. TaskCluster answers
/// such an artifact with 424 (Failed Dependency); the reason and message are the worker's.
/// </summary>
public sealed class ArtifactErrorException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The artifact's name.</param>
    /// <param name="reason">The worker's reason, for example <c>file-missing-on-worker</c>.</param>
    /// <param name="errorMessage">The worker's message.</param>
    public ArtifactErrorException(string name, string reason, string errorMessage)
        : base($"Artifact '{name}' is an error artifact ({reason}): {errorMessage}")
    {
        ArtifactName = name;
        Reason = reason;
        ErrorMessage = errorMessage;
    }

    /// <summary>The artifact's name.</summary>
    public string ArtifactName { get; }

    /// <summary>The worker's reason, for example <c>file-missing-on-worker</c> or <c>too-large</c>.</summary>
    public string Reason { get; }

    /// <summary>The worker's message.</summary>
    public string ErrorMessage { get; }
}
