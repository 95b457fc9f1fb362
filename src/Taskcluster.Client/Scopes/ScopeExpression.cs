using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace Taskcluster;

/// <summary>The shape of a <see cref="ScopeExpression"/> node.</summary>
public enum ScopeExpressionKind
{
    /// <summary>One scope, possibly with <c>&lt;param&gt;</c> placeholders.</summary>
    Scope,

    /// <summary>Every item must be satisfied.</summary>
    AllOf,

    /// <summary>At least one item must be satisfied.</summary>
    AnyOf,

    /// <summary><see cref="ScopeExpression.Then"/> when the boolean parameter is true, else <see cref="ScopeExpression.Else"/>.</summary>
    If,

    /// <summary>Inside an <see cref="AllOf"/> or <see cref="AnyOf"/>: one scope per value of a list parameter.</summary>
    ForEach,
}

/// <summary>
/// The scopes an API call needs, as TaskCluster's references state them: a scope, <c>AllOf</c>, <c>AnyOf</c>,
/// <c>if</c>/<c>then</c>/<c>else</c> on a boolean parameter, and <c>for</c>/<c>in</c>/<c>each</c> over a list parameter.
/// Scopes may hold <c>&lt;param&gt;</c> placeholders that the service fills from the request.
/// </summary>
/// <remarks>
/// 2014-format references list alternatives (<c>[["a", "b"], ["c"]]</c>); they read as
/// <c>AnyOf(AllOf(a, b), AllOf(c))</c>. Instances are immutable.
/// </remarks>
public sealed class ScopeExpression
{
    private static readonly IReadOnlyList<ScopeExpression> s_noItems = Array.Empty<ScopeExpression>();

    private ScopeExpression(
        ScopeExpressionKind kind, string? text, IReadOnlyList<ScopeExpression>? items, ScopeExpression? then,
        ScopeExpression? @else, string? variable, string? list)
    {
        Kind = kind;
        Text = text;
        Items = items ?? s_noItems;
        Then = then;
        Else = @else;
        Variable = variable;
        List = list;
    }

    /// <summary>What kind of node this is.</summary>
    public ScopeExpressionKind Kind { get; }

    /// <summary>
    /// The scope of a <see cref="ScopeExpressionKind.Scope"/>, the condition parameter of an
    /// <see cref="ScopeExpressionKind.If"/>, or the scope template (<c>each</c>) of a <see cref="ScopeExpressionKind.ForEach"/>.
    /// </summary>
    public string? Text { get; }

    /// <summary>The items of an <see cref="ScopeExpressionKind.AllOf"/> or <see cref="ScopeExpressionKind.AnyOf"/>.</summary>
    public IReadOnlyList<ScopeExpression> Items { get; }

    /// <summary>The branch of an <see cref="ScopeExpressionKind.If"/> taken when its parameter is true.</summary>
    public ScopeExpression? Then { get; }

    /// <summary>The branch of an <see cref="ScopeExpressionKind.If"/> taken otherwise, or null for none needed.</summary>
    public ScopeExpression? Else { get; }

    /// <summary>The loop variable (<c>for</c>) of a <see cref="ScopeExpressionKind.ForEach"/>.</summary>
    public string? Variable { get; }

    /// <summary>The list parameter (<c>in</c>) of a <see cref="ScopeExpressionKind.ForEach"/>.</summary>
    public string? List { get; }

    /// <summary>A single scope.</summary>
    /// <param name="scope">The scope, possibly with <c>&lt;param&gt;</c> placeholders.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scope"/> is null.</exception>
    public static ScopeExpression Scope(string scope)
        => new(ScopeExpressionKind.Scope, scope ?? throw new ArgumentNullException(nameof(scope)), null, null, null, null, null);

    /// <summary>Satisfied when every item is.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ArgumentException">An item is null.</exception>
    public static ScopeExpression AllOf(params ScopeExpression[] items) => new(ScopeExpressionKind.AllOf, null, Copy(items, nameof(items)), null, null, null, null);

    /// <summary>Satisfied when at least one item is.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ArgumentException">An item is null.</exception>
    public static ScopeExpression AnyOf(params ScopeExpression[] items) => new(ScopeExpressionKind.AnyOf, null, Copy(items, nameof(items)), null, null, null, null);

    /// <summary><paramref name="then"/> when the boolean parameter <paramref name="condition"/> is true, else <paramref name="else"/>.</summary>
    /// <param name="condition">The name of a boolean parameter.</param>
    /// <param name="then">What is needed when it is true.</param>
    /// <param name="else">What is needed otherwise; null when nothing is.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public static ScopeExpression If(string condition, ScopeExpression then, ScopeExpression? @else = null)
    {
        if (string.IsNullOrEmpty(condition)) throw new ArgumentException("An 'if' needs a parameter name.", nameof(condition));
        return new(ScopeExpressionKind.If, condition, null, then ?? throw new ArgumentNullException(nameof(then)), @else, null, null);
    }

    /// <summary>One scope per value of a list parameter: <c>{"for": variable, "in": list, "each": each}</c>.</summary>
    /// <param name="variable">The loop variable, used as <c>&lt;variable&gt;</c> in <paramref name="each"/>.</param>
    /// <param name="list">The name of the list parameter.</param>
    /// <param name="each">The scope template for each value.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public static ScopeExpression ForEach(string variable, string list, string each)
    {
        if (string.IsNullOrEmpty(variable)) throw new ArgumentException("A 'for' needs a variable name.", nameof(variable));
        if (string.IsNullOrEmpty(list)) throw new ArgumentException("A 'for' needs a list parameter ('in').", nameof(list));
        return new(ScopeExpressionKind.ForEach, each ?? throw new ArgumentNullException(nameof(each)), null, null, null, variable, list);
    }

    /// <summary>
    /// Fills the placeholders from <paramref name="parameters"/>, resolves every <c>if</c> and unrolls every
    /// <c>for</c>, leaving only scopes, <c>AllOf</c> and <c>AnyOf</c>: the scopes a request with these values needs.
    /// </summary>
    /// <param name="parameters">
    /// Values by name: a <see cref="string"/> for a placeholder, a <see cref="bool"/> for an <c>if</c>, and an
    /// <see cref="IEnumerable{T}"/> of strings for a <c>for</c>.
    /// </param>
    /// <returns>The expanded expression.</returns>
    /// <exception cref="ArgumentException">A parameter the expression uses is missing or has the wrong type.</exception>
    public ScopeExpression Expand(IReadOnlyDictionary<string, object?> parameters)
    {
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        return ExpandWithin(parameters, null, null);
    }

    private ScopeExpression ExpandWithin(IReadOnlyDictionary<string, object?> parameters, string? loopVariable, string? loopValue)
    {
        switch (Kind)
        {
            case ScopeExpressionKind.Scope:
                return Scope(Fill(Text!, parameters, loopVariable, loopValue));
            case ScopeExpressionKind.If:
                bool condition = parameters.TryGetValue(Text!, out object? value) && value is true;
                if (parameters.TryGetValue(Text!, out value) && value is not null and not bool)
                    throw new ArgumentException($"The scope condition '{Text}' must be a boolean parameter.", nameof(parameters));
                if (condition) return Then!.ExpandWithin(parameters, loopVariable, loopValue);
                return Else?.ExpandWithin(parameters, loopVariable, loopValue) ?? AllOf();
            case ScopeExpressionKind.ForEach:
                if (!parameters.TryGetValue(List!, out object? list) || list is not IEnumerable<string> values)
                    throw new ArgumentException($"The scope expression needs the list parameter '{List}'.", nameof(parameters));
                var unrolled = new List<ScopeExpression>();
                foreach (string item in values) unrolled.Add(Scope(Fill(Text!, parameters, Variable, item)));
                return new ScopeExpression(ScopeExpressionKind.AllOf, null, unrolled.AsReadOnly(), null, null, null, null);
            default:
                var items = new List<ScopeExpression>(Items.Count);
                foreach (var item in Items)
                {
                    var expanded = item.ExpandWithin(parameters, loopVariable, loopValue);
                    // A 'for' inside a list contributes its scopes to that list, not a nested AllOf of its own.
                    if (item.Kind == ScopeExpressionKind.ForEach) items.AddRange(expanded.Items);
                    else items.Add(expanded);
                }
                return new ScopeExpression(Kind, null, items.AsReadOnly(), null, null, null, null);
        }
    }

    /// <summary>
    /// Whether a client holding <paramref name="scopes"/> satisfies this expression. A held scope ending in <c>*</c>
    /// satisfies every scope that starts with what comes before the star. Placeholders must be expanded first.
    /// </summary>
    /// <param name="scopes">The client's scopes.</param>
    /// <returns>True when satisfied.</returns>
    /// <exception cref="InvalidOperationException">The expression still has an <c>if</c> or <c>for</c>; call <see cref="Expand(IReadOnlyDictionary{string, object})"/> first.</exception>
    public bool IsSatisfiedBy(IEnumerable<string> scopes)
    {
        if (scopes is null) throw new ArgumentNullException(nameof(scopes));
        var held = scopes as IReadOnlyCollection<string> ?? new List<string>(scopes);
        return IsSatisfiedBy(held);
    }

    private bool IsSatisfiedBy(IReadOnlyCollection<string> held)
    {
        switch (Kind)
        {
            case ScopeExpressionKind.Scope:
                foreach (string scope in held)
                {
                    if (ScopeSatisfies(scope, Text!)) return true;
                }
                return false;
            case ScopeExpressionKind.AllOf:
                foreach (var item in Items)
                {
                    if (!item.IsSatisfiedBy(held)) return false;
                }
                return true;
            case ScopeExpressionKind.AnyOf:
                foreach (var item in Items)
                {
                    if (item.IsSatisfiedBy(held)) return true;
                }
                return false;
            default:
                throw new InvalidOperationException("Expand the expression's 'if' and 'for' parts before checking it against scopes.");
        }
    }

    /// <summary>
    /// Whether a client holding <paramref name="scopes"/> may make a request with these parameter values: the
    /// expression is evaluated with its placeholders, <c>if</c>s and <c>for</c>s filled from
    /// <paramref name="parameters"/>. A scope whose placeholder has no value cannot be satisfied (so an
    /// <c>AnyOf</c> can still succeed through another branch); a missing <c>if</c> parameter counts as false, and a
    /// missing <c>for</c> list as empty.
    /// </summary>
    /// <param name="scopes">The client's scopes.</param>
    /// <param name="parameters">Values by name, as for <see cref="Expand(IReadOnlyDictionary{string, object})"/>.</param>
    /// <returns>True when satisfied.</returns>
    public bool IsSatisfiedBy(IEnumerable<string> scopes, IReadOnlyDictionary<string, object?> parameters)
    {
        if (scopes is null) throw new ArgumentNullException(nameof(scopes));
        if (parameters is null) throw new ArgumentNullException(nameof(parameters));
        var held = scopes as IReadOnlyCollection<string> ?? new List<string>(scopes);
        return Evaluate(held, parameters, null, null);
    }

    private bool Evaluate(IReadOnlyCollection<string> held, IReadOnlyDictionary<string, object?> parameters, string? loopVariable, string? loopValue)
    {
        switch (Kind)
        {
            case ScopeExpressionKind.Scope:
                return TryFill(Text!, parameters, loopVariable, loopValue) is { } scope && Scope(scope).IsSatisfiedBy(held);
            case ScopeExpressionKind.If:
                bool condition = parameters.TryGetValue(Text!, out object? value) && value is true;
                return condition ? Then!.Evaluate(held, parameters, loopVariable, loopValue)
                    : Else is null || Else.Evaluate(held, parameters, loopVariable, loopValue);
            case ScopeExpressionKind.ForEach:
                // Alone, a 'for' needs all its scopes; inside AnyOf the list below asks for any one of them.
                foreach (string item in ListValues(parameters))
                {
                    if (!(TryFill(Text!, parameters, Variable, item) is { } each && Scope(each).IsSatisfiedBy(held))) return false;
                }
                return true;
            case ScopeExpressionKind.AllOf:
                foreach (var item in Items)
                {
                    if (!item.Evaluate(held, parameters, loopVariable, loopValue)) return false;
                }
                return true;
            default:
                foreach (var item in Items)
                {
                    if (item.Kind == ScopeExpressionKind.ForEach)
                    {
                        foreach (string each in item.ListValues(parameters))
                        {
                            if (TryFill(item.Text!, parameters, item.Variable, each) is { } filled && Scope(filled).IsSatisfiedBy(held)) return true;
                        }
                    }
                    else if (item.Evaluate(held, parameters, loopVariable, loopValue))
                    {
                        return true;
                    }
                }
                return false;
        }
    }

    private IEnumerable<string> ListValues(IReadOnlyDictionary<string, object?> parameters)
        => parameters.TryGetValue(List!, out object? list) && list is IEnumerable<string> values ? values : Array.Empty<string>();

    private static string? TryFill(string template, IReadOnlyDictionary<string, object?> parameters, string? loopVariable, string? loopValue)
    {
        try
        {
            return Fill(template, parameters, loopVariable, loopValue);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool ScopeSatisfies(string held, string required)
    {
        if (held.EndsWith("*", StringComparison.Ordinal))
            return required.StartsWith(held.Substring(0, held.Length - 1), StringComparison.Ordinal);
        return string.Equals(held, required, StringComparison.Ordinal);
    }

    /// <summary>The expression as a reader would say it, for example <c>all of: a; any of: (b, c)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Describe(builder, topLevel: true);
        return builder.ToString();
    }

    private void Describe(StringBuilder builder, bool topLevel)
    {
        switch (Kind)
        {
            case ScopeExpressionKind.Scope:
                builder.Append(Text);
                break;
            case ScopeExpressionKind.If:
                builder.Append("if ").Append(Text).Append(": ");
                Then!.Describe(builder, false);
                if (Else is not null)
                {
                    builder.Append(", else: ");
                    Else.Describe(builder, false);
                }
                break;
            case ScopeExpressionKind.ForEach:
                builder.Append(Text).Append(" for each ").Append(Variable).Append(" in ").Append(List);
                break;
            default:
                if (Items.Count == 0)
                {
                    builder.Append(Kind == ScopeExpressionKind.AllOf ? "(none)" : "(impossible)");
                    break;
                }
                if (Items.Count == 1)
                {
                    Items[0].Describe(builder, topLevel);
                    break;
                }
                builder.Append(Kind == ScopeExpressionKind.AllOf ? "all of: " : "any of: ");
                if (!topLevel) builder.Append('(');
                for (int i = 0; i < Items.Count; i++)
                {
                    if (i > 0) builder.Append(topLevel ? "; " : ", ");
                    Items[i].Describe(builder, false);
                }
                if (!topLevel) builder.Append(')');
                break;
        }
    }

    private static string Fill(string template, IReadOnlyDictionary<string, object?> parameters, string? loopVariable, string? loopValue)
    {
        if (template.IndexOf('<') < 0) return template;
        var builder = new StringBuilder(template.Length + 16);
        int position = 0;
        while (position < template.Length)
        {
            int open = template.IndexOf('<', position);
            int close = open < 0 ? -1 : template.IndexOf('>', open + 1);
            if (open < 0 || close < 0)
            {
                builder.Append(template, position, template.Length - position);
                break;
            }
            builder.Append(template, position, open - position);
            string name = template.Substring(open + 1, close - open - 1);
            if (loopVariable is not null && name == loopVariable) builder.Append(loopValue);
            else if (parameters.TryGetValue(name, out object? value) && value is string text) builder.Append(text);
            else throw new ArgumentException($"The scope '{template}' needs the parameter '{name}'.", nameof(parameters));
            position = close + 1;
        }
        return builder.ToString();
    }

    private static IReadOnlyList<ScopeExpression> Copy(ScopeExpression[] items, string parameter)
    {
        if (items is null) throw new ArgumentNullException(parameter);
        var copy = new ScopeExpression[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            copy[i] = items[i] ?? throw new ArgumentException("A scope expression item is null.", parameter);
        }
        return new ReadOnlyCollection<ScopeExpression>(copy);
    }
}
