namespace Taskcluster;

/// <summary>Names to listen to for the SDK's diagnostics.</summary>
public static class TaskclusterDiagnostics
{
    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> name. Every API call is an activity named
    /// <c>Taskcluster.Call</c> (tags <c>http.request.method</c>, <c>url.full</c>, <c>taskcluster.attempts</c>) with
    /// one <c>attempt</c> event per attempt (tags <c>attempt</c>, <c>http.response.status_code</c>, <c>error</c>,
    /// <c>retry.delay_ms</c>). Credentials never appear in them.
    /// </summary>
    public const string ActivitySourceName = "Taskcluster.Client";
}
