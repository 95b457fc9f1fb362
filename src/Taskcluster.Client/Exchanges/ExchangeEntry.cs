using System;
using System.Collections.Generic;

namespace Taskcluster;

/// <summary>
/// One topic exchange of a TaskCluster exchange reference: its name after the prefix and the layout of its routing
/// keys. Generated exchange clients hold one per exchange; clients created at run time build them from JSON.
/// </summary>
public sealed class ExchangeEntry
{
    /// <summary>Describes one topic exchange.</summary>
    /// <param name="name">The entry's name in the reference, for example <c>taskCompleted</c>.</param>
    /// <param name="exchange">The exchange name after the reference's prefix, for example <c>task-completed</c>.</param>
    /// <param name="routingKey">The routing-key elements in order.</param>
    /// <param name="title">The entry's title, for documentation.</param>
    public ExchangeEntry(string name, string exchange, IReadOnlyList<RoutingKeyElement> routingKey, string? title = null)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("An exchange entry needs a name.", nameof(name));
        if (string.IsNullOrEmpty(exchange)) throw new ArgumentException($"Exchange entry '{name}' needs an exchange.", nameof(exchange));
        Name = name;
        Exchange = exchange;
        RoutingKey = routingKey ?? throw new ArgumentNullException(nameof(routingKey));
        Title = title ?? string.Empty;
    }

    /// <summary>The entry's name in the reference, for example <c>taskCompleted</c>.</summary>
    public string Name { get; }

    /// <summary>The exchange name after the reference's prefix, for example <c>task-completed</c>.</summary>
    public string Exchange { get; }

    /// <summary>The routing-key elements in order.</summary>
    public IReadOnlyList<RoutingKeyElement> RoutingKey { get; }

    /// <summary>The entry's title.</summary>
    public string Title { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Exchange})";
}
