using System;
using System.Collections.Generic;

namespace Taskcluster.Local;

/// <summary>An entry's scope expression against a caller's scopes, refused as TaskCluster refuses it (403 InsufficientScopes).</summary>
internal static class ScopeCheck
{
    public static void Demand(ApiEntry entry, Caller caller, IReadOnlyDictionary<string, object?> parameters)
    {
        if (entry.Scopes is not { } required || required.IsSatisfiedBy(caller.Scopes, parameters)) return;
        throw new ServiceError(403, "InsufficientScopes",
            $"'{entry.Name}' needs {Describe(required, parameters)}; " +
            $"client '{caller.ClientId ?? "(anonymous)"}' has: [{string.Join(", ", caller.Scopes)}].");
    }

    /// <summary>The scopes the request needed, filled in where the request had the values, as TaskCluster reports them.</summary>
    private static string Describe(ScopeExpression required, IReadOnlyDictionary<string, object?> parameters)
    {
        try
        {
            return required.Expand(parameters).ToString();
        }
        catch (ArgumentException)
        {
            return required.ToString();
        }
    }
}
