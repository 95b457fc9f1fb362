using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace Taskcluster;

/// <summary>
/// The base of every exchange client (<c>QueueEvents</c>, <c>SchedulerEvents</c>, and clients created from an
/// exchange reference at run time): builds <see cref="Binding"/>s from routing-key values or raw patterns.
/// </summary>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public abstract class ExchangeClient
{
    private readonly Dictionary<string, ExchangeEntry> _entriesByName;

    /// <summary>Creates an exchange client for a reference.</summary>
    /// <param name="defaultExchangePrefix">The reference's exchange prefix, used unless options give another.</param>
    /// <param name="entries">The reference's exchanges.</param>
    /// <param name="options">Options; <see cref="ClientOptions.ExchangePrefix"/> replaces the default prefix.</param>
    protected ExchangeClient(string defaultExchangePrefix, IReadOnlyList<ExchangeEntry> entries, ClientOptions? options)
    {
        if (defaultExchangePrefix is null) throw new ArgumentNullException(nameof(defaultExchangePrefix));
        Entries = entries ?? throw new ArgumentNullException(nameof(entries));
        ExchangePrefix = options?.ExchangePrefix ?? defaultExchangePrefix;
        _entriesByName = new Dictionary<string, ExchangeEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _entriesByName[entry.Name] = entry;
        }
    }

    /// <summary>The prefix put in front of every exchange name, for example <c>queue/v1/</c>.</summary>
    public string ExchangePrefix { get; }

    /// <summary>The exchanges this client can bind to.</summary>
    public IReadOnlyList<ExchangeEntry> Entries { get; }

    /// <summary>
    /// Builds a binding by entry name from routing-key values, for use when the exchange is only known at run time.
    /// </summary>
    /// <param name="entryName">The exchange entry's name, for example <c>taskCompleted</c>.</param>
    /// <param name="routing">Values by routing-key element name; missing elements match anything.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="ArgumentException">
    /// The entry is unknown, a key names no element, or a single-word element's value contains a dot.
    /// </exception>
    public Binding Bind(string entryName, IReadOnlyDictionary<string, string?>? routing = null)
    {
        var entry = FindEntry(entryName);
        var values = new string?[entry.RoutingKey.Count];
        if (routing is not null)
        {
            foreach (var pair in routing)
            {
                int index = IndexOfElement(entry, pair.Key);
                if (index < 0)
                {
                    throw new ArgumentException(
                        $"Exchange '{entry.Name}' has no routing-key element '{pair.Key}'; it has: {string.Join(", ", ElementNames(entry))}.",
                        nameof(routing));
                }
                values[index] = pair.Value;
            }
        }
        return CreateBinding(entry, values);
    }

    /// <summary>Builds a binding by entry name with a routing-key pattern used as it is.</summary>
    /// <param name="entryName">The exchange entry's name, for example <c>taskCompleted</c>.</param>
    /// <param name="pattern">The pattern, for example <c>RoutingPattern.Raw("route.my.route")</c>.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="ArgumentException">The entry is unknown or the pattern is empty.</exception>
    public Binding Bind(string entryName, RoutingPattern pattern) => CreateBinding(FindEntry(entryName), pattern);

    /// <summary>
    /// Builds a binding from values aligned with <paramref name="entry"/>'s routing-key elements: a constant element
    /// always takes its constant, a null value matches anything (<c>*</c>, or <c>#</c> for a multi-word element).
    /// </summary>
    /// <param name="entry">The exchange.</param>
    /// <param name="values">One value per routing-key element, in order; null where the caller gave none.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="ArgumentException">A single-word element's value contains a dot.</exception>
    protected Binding CreateBinding(ExchangeEntry entry, IReadOnlyList<string?> values) =>
        new(ExchangeName(entry), PatternOf(entry, values), entry);

    /// <summary>
    /// Builds a binding from values aligned with <paramref name="entry"/>'s routing-key elements, like
    /// <see cref="CreateBinding(ExchangeEntry, IReadOnlyList{string?})"/>, that also says how to deserialize the
    /// exchange's messages, so a listener can hand them to typed handlers.
    /// </summary>
    /// <typeparam name="TMessage">The exchange's message type.</typeparam>
    /// <param name="entry">The exchange.</param>
    /// <param name="values">One value per routing-key element, in order; null where the caller gave none.</param>
    /// <param name="messageType">The message type's metadata, for example <c>QueueJsonContext.Default.TaskCompletedMessage</c>.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/>, <paramref name="values"/> or <paramref name="messageType"/> is null.</exception>
    /// <exception cref="ArgumentException">A single-word element's value contains a dot.</exception>
    protected Binding<TMessage> CreateBinding<TMessage>(ExchangeEntry entry, IReadOnlyList<string?> values, JsonTypeInfo<TMessage> messageType) =>
        new(ExchangeName(entry), PatternOf(entry, values), entry, messageType);

    /// <summary>Builds a binding with a routing-key pattern used as it is.</summary>
    /// <param name="entry">The exchange.</param>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="ArgumentException">The pattern is empty (a <c>default</c> <see cref="RoutingPattern"/>).</exception>
    protected Binding CreateBinding(ExchangeEntry entry, RoutingPattern pattern) =>
        new(ExchangeName(entry), PatternOf(pattern), entry);

    /// <summary>
    /// Builds a binding with a routing-key pattern used as it is, like
    /// <see cref="CreateBinding(ExchangeEntry, RoutingPattern)"/>, that also says how to deserialize the exchange's
    /// messages.
    /// </summary>
    /// <typeparam name="TMessage">The exchange's message type.</typeparam>
    /// <param name="entry">The exchange.</param>
    /// <param name="pattern">The pattern.</param>
    /// <param name="messageType">The message type's metadata, for example <c>QueueJsonContext.Default.TaskCompletedMessage</c>.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> or <paramref name="messageType"/> is null.</exception>
    /// <exception cref="ArgumentException">The pattern is empty (a <c>default</c> <see cref="RoutingPattern"/>).</exception>
    protected Binding<TMessage> CreateBinding<TMessage>(ExchangeEntry entry, RoutingPattern pattern, JsonTypeInfo<TMessage> messageType) =>
        new(ExchangeName(entry), PatternOf(pattern), entry, messageType);

    // The typed and untyped overloads differ only in the binding they construct; the exchange name and the pattern,
    // with their validation, come from here so the two can never disagree.
    private string ExchangeName(ExchangeEntry entry) =>
        ExchangePrefix + (entry ?? throw new ArgumentNullException(nameof(entry))).Exchange;

    private static string PatternOf(ExchangeEntry entry, IReadOnlyList<string?> values)
    {
        if (values is null) throw new ArgumentNullException(nameof(values));
        if (values.Count != entry.RoutingKey.Count)
        {
            throw new ArgumentException(
                $"Exchange '{entry.Name}' has {entry.RoutingKey.Count} routing-key elements but {values.Count} values were given.",
                nameof(values));
        }
        return RoutingKeyPatterns.Build(entry, values);
    }

    private static string PatternOf(RoutingPattern pattern)
    {
        if (string.IsNullOrEmpty(pattern.Value))
            throw new ArgumentException("The routing pattern is empty; create it with RoutingPattern.Raw(...).", nameof(pattern));
        return pattern.Value;
    }

    private ExchangeEntry FindEntry(string entryName)
    {
        if (entryName is null) throw new ArgumentNullException(nameof(entryName));
        if (_entriesByName.TryGetValue(entryName, out var entry)) return entry;
        var known = new List<string>(_entriesByName.Keys);
        known.Sort(StringComparer.Ordinal);
        throw new ArgumentException(
            $"'{entryName}' is not an exchange of {GetType().Name}; known exchanges: {string.Join(", ", known)}.",
            nameof(entryName));
    }

    private static int IndexOfElement(ExchangeEntry entry, string name)
    {
        for (int i = 0; i < entry.RoutingKey.Count; i++)
        {
            if (string.Equals(entry.RoutingKey[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private static IEnumerable<string> ElementNames(ExchangeEntry entry)
    {
        foreach (var element in entry.RoutingKey) yield return element.Name;
    }
}

/// <summary>The routing-key pattern rules, shared by generated and run-time exchange clients.</summary>
internal static class RoutingKeyPatterns
{
    public static string Build(ExchangeEntry entry, IReadOnlyList<string?> values)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < entry.RoutingKey.Count; i++)
        {
            var element = entry.RoutingKey[i];
            if (i > 0) builder.Append('.');
            if (element.Constant is not null)
            {
                // A constant always wins: the exchange only ever publishes it.
                builder.Append(element.Constant);
                continue;
            }
            string? value = values[i];
            if (value is null)
            {
                builder.Append(element.MultipleWords ? '#' : '*');
                continue;
            }
            if (!element.MultipleWords && value.IndexOf('.') >= 0)
            {
                throw new ArgumentException(
                    $"Routing-key value '{value}' for '{element.Name}' of exchange '{entry.Name}' contains a dot, " +
                    "but the element holds a single word.",
                    element.Name);
            }
            builder.Append(value);
        }
        return builder.ToString();
    }
}
