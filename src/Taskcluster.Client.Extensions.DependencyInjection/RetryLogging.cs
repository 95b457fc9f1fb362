using System;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Taskcluster.Extensions.DependencyInjection;

/// <summary>
/// Writes the SDK's retries to <c>ILogger</c> (category <c>Taskcluster.Client</c>), where an app's operators look:
/// the runtime reports each attempt on its <c>Taskcluster.Call</c> activity, and this listens to those activities.
/// The method, URL, attempt, status and delay are logged; credentials never reach an activity, so never a log.
/// One per container (it lives as long as the container's client factory); when the app does not log warnings it
/// does not listen at all, so calls create no activities for it.
/// </summary>
internal sealed class RetryLogging : IDisposable
{
    private readonly ActivityListener? _listener;

    public RetryLogging(ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(TaskclusterDiagnostics.ActivitySourceName);
        if (!logger.IsEnabled(LogLevel.Warning)) return;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TaskclusterDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => Log(logger, activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener?.Dispose();

    private static void Log(ILogger logger, Activity activity)
    {
        object? method = activity.GetTagItem("http.request.method");
        object? url = activity.GetTagItem("url.full");
        foreach (var attempt in activity.Events)
        {
            if (attempt.Name != "attempt") continue;
            object? delay = null, status = null, error = null, number = null;
            foreach (var tag in attempt.Tags)
            {
                switch (tag.Key)
                {
                    case "retry.delay_ms": delay = tag.Value; break;
                    case "http.response.status_code": status = tag.Value; break;
                    case "error": error = tag.Value; break;
                    case "attempt": number = tag.Value; break;
                }
            }
            if (delay is null) continue; // the last attempt: success, or a failure the caller sees as an exception
            logger.LogWarning(
                "Taskcluster {Method} {Url}: attempt {Attempt} failed ({Outcome}); retrying in {DelayMs:F0} ms",
                method, url, number, status ?? error, delay);
        }
    }
}
