using System;

namespace Taskcluster;

/// <summary>
/// An exchange and a routing-key pattern to bind a queue to. Exchange clients create them; a listener
/// binds them, and uses <see cref="Entry"/> to parse the routing keys of the messages that arrive through them.
/// </summary>
/// <remarks>
/// Not sealed only for <see cref="Binding{TMessage}"/>, the binding that also says what type its messages have, so
/// everything that takes a binding takes a typed one too.
/// </remarks>
public class Binding
{
    /// <summary>Creates a binding.</summary>
    /// <param name="exchange">The full exchange name, prefix included.</param>
    /// <param name="routingKeyPattern">The routing-key pattern.</param>
    /// <param name="entry">The exchange's description, when known, so received routing keys can be parsed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exchange"/> or <paramref name="routingKeyPattern"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="exchange"/> or <paramref name="routingKeyPattern"/> is empty.</exception>
    public Binding(string exchange, string routingKeyPattern, ExchangeEntry? entry = null)
    {
        if (exchange is null) throw new ArgumentNullException(nameof(exchange));
        if (routingKeyPattern is null) throw new ArgumentNullException(nameof(routingKeyPattern));
        if (exchange.Length == 0) throw new ArgumentException("A binding needs an exchange.", nameof(exchange));
        if (routingKeyPattern.Length == 0)
            throw new ArgumentException("A binding needs a routing-key pattern; use \"#\" to match every key.", nameof(routingKeyPattern));
        Exchange = exchange;
        RoutingKeyPattern = routingKeyPattern;
        Entry = entry;
    }

    /// <summary>The full exchange name, prefix included, for example <c>queue/v1/task-completed</c>.</summary>
    public string Exchange { get; }

    /// <summary>The routing-key pattern, for example <c>primary.abc.*.*.*.*.*.*.*.#</c>.</summary>
    public string RoutingKeyPattern { get; }

    /// <summary>The exchange's description, used to parse received routing keys; null for hand-made bindings.</summary>
    public ExchangeEntry? Entry { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Exchange} {RoutingKeyPattern}";
}
