using System;
using System.Threading;

namespace Taskcluster;

/// <summary>
/// Whether the SDK runs inside a browser (Blazor WebAssembly, <c>browser-wasm</c>), and what follows from that.
/// </summary>
/// <remarks>
/// <para>
/// A browser has no sockets and no native libraries: requests go through the page's <c>fetch</c>, which follows
/// redirects itself, and HMACs come from the runtime's own managed SHA-256. Every browser decision reads
/// <see cref="IsBrowser"/>, so that a test on a server can take the browser's branches through
/// <see cref="SimulateBrowser"/>.
/// </para>
/// <para>
/// <see cref="OperatingSystem.IsBrowser"/> comes first in the expression: in a browser build the trimmer folds it to
/// true and drops the server-only branches, and the simulation flag is never read there.
/// </para>
/// </remarks>
internal static class BrowserPlatform
{
    private static readonly AsyncLocal<bool> s_simulated = new();

    /// <summary>True in a browser, or where a test simulates one on this async flow.</summary>
    public static bool IsBrowser => OperatingSystem.IsBrowser() || s_simulated.Value;

    /// <summary>
    /// Makes <see cref="IsBrowser"/> true on the calling async flow until the result is disposed (tests only; an
    /// <see cref="AsyncLocal{T}"/> so tests running at the same time do not see each other's simulation).
    /// </summary>
    internal static IDisposable SimulateBrowser()
    {
        s_simulated.Value = true;
        return new Reset();
    }

    /// <summary>Throws when <paramref name="type"/>, which needs raw TCP, is constructed in a browser.</summary>
    /// <exception cref="PlatformNotSupportedException">Running in a browser.</exception>
    public static void ThrowIfBrowser(string type)
    {
        if (IsBrowser)
        {
            throw new PlatformNotSupportedException(
                $"{type} cannot run in a browser: AMQP needs a raw TCP connection, which a page cannot open. "
                + "Use the API clients (Queue, Index, ...) from the page, and listen for Pulse messages on a server.");
        }
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => s_simulated.Value = false;
    }
}
