using System;

namespace Taskcluster;

/// <summary>
/// A routing-key pattern given verbatim, for binding to keys the exchange's own layout does not describe, such as
/// the task-specific routes messages are CC'ed to: <c>queueEvents.TaskCompleted(RoutingPattern.Raw("route.my.route"))</c>.
/// </summary>
/// <remarks>
/// A distinct type rather than a <see cref="string"/> overload, so that <c>TaskCompleted("abc")</c> can only mean
/// the first routing-key element and never silently switches to a raw pattern.
/// </remarks>
public readonly struct RoutingPattern : IEquatable<RoutingPattern>
{
    private RoutingPattern(string value) => Value = value;

    /// <summary>The pattern, with AMQP's <c>*</c> (one word) and <c>#</c> (any words) wildcards.</summary>
    public string Value { get; }

    /// <summary>Wraps a routing-key pattern to be used as it is.</summary>
    /// <param name="pattern">The pattern, for example <c>route.index.my-namespace.#</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is null or empty.</exception>
    public static RoutingPattern Raw(string pattern)
    {
        if (string.IsNullOrEmpty(pattern))
            throw new ArgumentException("A raw routing-key pattern must not be empty; use \"#\" to match every key.", nameof(pattern));
        return new RoutingPattern(pattern);
    }

    /// <inheritdoc />
    public bool Equals(RoutingPattern other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RoutingPattern other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    /// <summary>Compares two patterns by their text.</summary>
    public static bool operator ==(RoutingPattern left, RoutingPattern right) => left.Equals(right);

    /// <summary>Compares two patterns by their text.</summary>
    public static bool operator !=(RoutingPattern left, RoutingPattern right) => !left.Equals(right);
}
