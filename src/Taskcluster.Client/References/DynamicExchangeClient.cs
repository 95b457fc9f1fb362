using System;
using System.Collections.Generic;

namespace Taskcluster;

/// <summary>
/// An exchange client made at run time from a <see cref="Reference"/>: bindings are built by entry name with
/// <see cref="ExchangeClient.Bind(string, IReadOnlyDictionary{string, string?}?)"/> or
/// <see cref="ExchangeClient.Bind(string, RoutingPattern)"/>.
/// </summary>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class DynamicExchangeClient : ExchangeClient
{
    /// <summary>Creates a client for an exchange reference; <see cref="Reference.CreateExchangeClient"/> is the usual way.</summary>
    /// <param name="reference">An exchange reference.</param>
    /// <param name="options">Options, or null; <see cref="ClientOptions.ExchangePrefix"/> replaces the reference's prefix.</param>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is an API reference.</exception>
    public DynamicExchangeClient(Reference reference, ClientOptions? options = null)
        : base(PrefixOf(reference), reference.ExchangeEntries, options)
    {
        Reference = reference;
    }

    /// <summary>The reference the client was made from.</summary>
    public Reference Reference { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Reference.Title} ({ExchangePrefix})";

    private static string PrefixOf(Reference reference)
    {
        if (reference is null) throw new ArgumentNullException(nameof(reference));
        return reference.ExchangePrefix
            ?? throw new ArgumentException($"'{reference.Title}' is an API reference, not an exchange reference.", nameof(reference));
    }
}
