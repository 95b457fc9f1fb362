using System.Collections.Generic;

namespace Taskcluster.Local;

/// <summary>Scope checks of the authenticator, by the SDK's own rule (<see cref="ScopeExpression"/>): equal, or a held <c>*</c> prefix.</summary>
internal static class Scopes
{
    public static bool Satisfies(IReadOnlyList<string> held, string required) => ScopeExpression.Scope(required).IsSatisfiedBy(held);

    public static bool SatisfiesAll(IReadOnlyList<string> held, IEnumerable<string> required)
    {
        foreach (string scope in required)
        {
            if (!Satisfies(held, scope)) return false;
        }
        return true;
    }
}
