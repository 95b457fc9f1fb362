using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Taskcluster;

/// <summary>
/// An API client made at run time from a <see cref="Reference"/>: functions are called by entry name
/// (<see cref="ApiClient.CallAsync(string, IReadOnlyList{string}, object?, CancellationToken)"/>), and URLs built with
/// <see cref="ApiClient.BuildUrl(string, string[])"/> and <see cref="ApiClient.BuildSignedUrl(string, string[])"/>.
/// </summary>
/// <remarks>Options are resolved once at construction; instances are immutable and safe to share between threads.</remarks>
public sealed class DynamicApiClient : ApiClient
{
    /// <summary>Creates a client for an API reference; <see cref="Reference.CreateApiClient"/> is the usual way.</summary>
    /// <param name="reference">An API reference.</param>
    /// <param name="options">Options, or null for the global defaults.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="reference"/> is an exchange reference, the base URL is invalid, or (today's format) no root URL
    /// is configured.
    /// </exception>
    public DynamicApiClient(Reference reference, ClientOptions? options = null)
        : base(EntriesOf(reference), OptionsFor(reference, options))
    {
        Reference = reference;
    }

    /// <summary>The reference the client was made from.</summary>
    public Reference Reference { get; }

    /// <summary>Calls a function by its entry name and deserializes the result into <typeparamref name="TResult"/>.</summary>
    /// <typeparam name="TResult">The caller's type for the result.</typeparam>
    /// <param name="entryName">The entry's name, for example <c>getTask</c>.</param>
    /// <param name="args">The route arguments in the entry's order.</param>
    /// <param name="payload">The JSON payload when the entry takes one; otherwise null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deserialized result.</returns>
    /// <exception cref="ArgumentException">The entry is unknown, or the arguments or payload do not fit it.</exception>
    /// <exception cref="TaskclusterException">The server answered with an error, or could not be reached.</exception>
    public Task<TResult> CallAsync<TResult>(
        string entryName, IReadOnlyList<string> args, object? payload = null, CancellationToken cancellationToken = default)
        => CallAsync<TResult>(FindEntry(entryName), args, payload, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{Reference.Title} ({BaseUrl})";

    private ApiEntry FindEntry(string entryName)
    {
        if (entryName is null) throw new ArgumentNullException(nameof(entryName));
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Name, entryName, StringComparison.Ordinal)) return entry;
        }
        var known = new List<string>();
        foreach (var entry in Entries) known.Add(entry.Name);
        known.Sort(StringComparer.Ordinal);
        throw new ArgumentException(
            $"'{entryName}' is not a function of '{Reference.Title}'; known functions: {string.Join(", ", known)}.",
            nameof(entryName));
    }

    private static IReadOnlyList<ApiEntry> EntriesOf(Reference reference)
    {
        if (reference is null) throw new ArgumentNullException(nameof(reference));
        if (reference.Kind != ReferenceKind.Api)
            throw new ArgumentException($"'{reference.Title}' is an exchange reference, not an API reference.", nameof(reference));
        return reference.ApiEntries;
    }

    /// <summary>A 2014 reference is addressed by its base URL; one of today's by the deployment's root URL.</summary>
    private static ResolvedOptions OptionsFor(Reference reference, ClientOptions? options)
        => reference.BaseUrl is { } baseUrl
            ? new ResolvedOptions(options, baseUrl)
            : ResolvedOptions.ForService(options, reference.ServiceName!, reference.ApiVersion!);
}
