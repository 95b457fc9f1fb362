using System;
using System.Threading;

namespace Taskcluster;

/// <summary>
/// Process-wide default options applied to every client constructed afterwards, the counterpart of the original
/// client's <c>taskcluster.config(options)</c>. Options given to a client win over these. The usual use is one
/// deployment and one set of credentials for the whole process:
/// <code>ClientDefaults.Configure(new ClientOptions { RootUrl = "https://tc.example.com", Credentials = ... });</code>
/// </summary>
public static class ClientDefaults
{
    private static ClientOptions s_options = new();

    /// <summary>The current defaults.</summary>
    public static ClientOptions Options => Volatile.Read(ref s_options);

    /// <summary>
    /// Replaces the defaults for clients constructed from now on. Existing clients keep what they were built with.
    /// </summary>
    /// <param name="options">The new defaults.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="options"/> sets <see cref="ClientOptions.BaseUrl"/> or <see cref="ClientOptions.ExchangePrefix"/>:
    /// every service has its own, so a process-wide one would send every client to the same place. Set them per client.
    /// </exception>
    public static void Configure(ClientOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.BaseUrl is not null)
            throw new ArgumentException("BaseUrl is per service; set it on each client's options, not in the global defaults.", nameof(options));
        if (options.ExchangePrefix is not null)
            throw new ArgumentException("ExchangePrefix is per service; set it on each client's options, not in the global defaults.", nameof(options));
        Volatile.Write(ref s_options, options);
    }

    /// <summary>Forgets every default set with <see cref="Configure"/>.</summary>
    public static void Reset() => Volatile.Write(ref s_options, new ClientOptions());
}
