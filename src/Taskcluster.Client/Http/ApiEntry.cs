using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Taskcluster;

/// <summary>
/// One function entry of a TaskCluster API reference: the HTTP method, the route template and what the call
/// takes and returns. Generated clients hold one per method; clients created at run time build them from JSON.
/// </summary>
public sealed class ApiEntry
{
    /// <summary>Creates the description of one API function.</summary>
    /// <param name="name">The entry's name in the reference, for example <c>createTask</c>.</param>
    /// <param name="method">The HTTP method, case-insensitive (<c>get</c>, <c>put</c>, <c>post</c>, <c>delete</c>, ...).</param>
    /// <param name="route">The route template relative to the base URL, with <c>&lt;param&gt;</c> placeholders.</param>
    /// <param name="args">The route parameters in call order; every placeholder must be listed.</param>
    /// <param name="hasInput">Whether the call sends a JSON payload.</param>
    /// <param name="hasOutput">Whether the call returns a JSON result.</param>
    /// <param name="scopes">The scopes the call needs, or null when the reference states none.</param>
    /// <param name="query">The names of the optional query-string parameters, in the reference's order.</param>
    /// <exception cref="ArgumentException">An argument is missing, or the route and <paramref name="args"/> disagree.</exception>
    public ApiEntry(
        string name,
        string method,
        string route,
        IReadOnlyList<string> args,
        bool hasInput,
        bool hasOutput,
        ScopeExpression? scopes = null,
        IReadOnlyList<string>? query = null)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("An API entry needs a name.", nameof(name));
        if (string.IsNullOrEmpty(method)) throw new ArgumentException($"API entry '{name}' needs an HTTP method.", nameof(method));
        if (route is null) throw new ArgumentNullException(nameof(route));
        if (args is null) throw new ArgumentNullException(nameof(args));

        Name = name;
        Method = new HttpMethod(method.ToUpperInvariant());
        Route = route;
        Args = args;
        HasInput = hasInput;
        HasOutput = hasOutput;
        Scopes = scopes;
        Query = query ?? Array.Empty<string>();
        ContinuationTokenIndex = -1;
        for (int i = 0; i < Query.Count; i++)
        {
            if (Query[i] is null) throw new ArgumentException($"API entry '{name}' has a null query parameter name.", nameof(query));
            if (Query[i] == "continuationToken") ContinuationTokenIndex = i;
        }
        Template = RouteTemplate.Parse(name, route, args);
    }

    /// <summary>The entry's name in the reference, for example <c>createTask</c>.</summary>
    public string Name { get; }

    /// <summary>The HTTP method of the call.</summary>
    public HttpMethod Method { get; }

    /// <summary>The route template relative to the base URL, with <c>&lt;param&gt;</c> placeholders.</summary>
    public string Route { get; }

    /// <summary>The route parameters in call order.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>Whether the call sends a JSON payload.</summary>
    public bool HasInput { get; }

    /// <summary>Whether the call returns a JSON result.</summary>
    public bool HasOutput { get; }

    /// <summary>The scopes the call needs, with <c>&lt;param&gt;</c> placeholders; null when the reference states none.</summary>
    public ScopeExpression? Scopes { get; }

    /// <summary>The names of the optional query-string parameters, in the reference's order.</summary>
    public IReadOnlyList<string> Query { get; }

    /// <summary>Whether the entry returns results in pages (it takes a <c>continuationToken</c> query parameter).</summary>
    public bool IsPaged => ContinuationTokenIndex >= 0;

    /// <summary>The position of <c>continuationToken</c> in <see cref="Query"/>, or -1.</summary>
    internal int ContinuationTokenIndex { get; }

    internal RouteTemplate Template { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Method} {Route})";
}
