using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Taskcluster.Generators.Parsing;

/// <summary>Turns reference names into C# identifiers, and decides whether a name can be one.</summary>
internal static class Identifiers
{
    /// <summary>
    /// An entry name as a member stem: the first letter upper case, the rest kept (<c>getAMQPConnectionString</c> →
    /// <c>GetAMQPConnectionString</c>), so the generated names stay recognisable next to the reference.
    /// </summary>
    public static string UpperFirst(string name)
    {
        if (name.Length == 0) return name;
        return char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    /// <summary>The first letter lower case, for private field names.</summary>
    public static string LowerFirst(string name)
    {
        if (name.Length == 0) return name;
        return char.ToLowerInvariant(name[0]) + name.Substring(1);
    }

    /// <summary>
    /// A reference key or file name as a class name: split at characters that cannot be in an identifier
    /// (<c>my-service</c> → <c>MyService</c>, <c>index</c> → <c>Index</c>).
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        bool upperNext = true;
        foreach (char c in name)
        {
            if (!SyntaxFacts.IsIdentifierPartCharacter(c) || c == '_')
            {
                upperNext = true;
                continue;
            }
            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        return builder.ToString();
    }

    /// <summary>Whether <paramref name="name"/> is a C# identifier once keywords are escaped with '@'.</summary>
    public static bool IsValidIdentifier(string name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        if (!SyntaxFacts.IsIdentifierStartCharacter(name[0])) return false;
        for (int i = 1; i < name.Length; i++)
        {
            if (!SyntaxFacts.IsIdentifierPartCharacter(name[i])) return false;
        }
        return true;
    }

    /// <summary>The identifier as it must be written in source: keywords get an '@' (<c>namespace</c> → <c>@namespace</c>).</summary>
    public static string Escape(string name)
        => IsKeyword(name) ? "@" + name : name;

    /// <summary>Whether a type or member may not be given this name (a reserved keyword).</summary>
    public static bool IsKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None;

    /// <summary>Names every class inherits from <see cref="object"/>; a generated member must not hide them.</summary>
    public static readonly HashSet<string> ObjectMembers = new HashSet<string>(StringComparer.Ordinal)
    {
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>Public and protected members of <c>Taskcluster.ApiClient</c>, plus the members every API class gets.</summary>
    public static readonly HashSet<string> ApiClientMembers = new HashSet<string>(StringComparer.Ordinal)
    {
        "BaseUrl", "Entries", "ClientId", "AuthorizedScopes", "CallAsync", "CallWithoutResultAsync", "BuildUrl",
        "BuildSignedUrl", "DefaultSignedUrlExpiration", "DefaultBaseUrl",
    };

    /// <summary>Public and protected members of <c>Taskcluster.ExchangeClient</c>, plus the members every exchange class gets.</summary>
    public static readonly HashSet<string> ExchangeClientMembers = new HashSet<string>(StringComparer.Ordinal)
    {
        "ExchangePrefix", "Entries", "Bind", "CreateBinding", "DefaultExchangePrefix",
    };

    /// <summary>
    /// Public types of the runtime in namespace <c>Taskcluster</c>: a generated class with one of these names would
    /// clash with it.
    /// </summary>
    public static readonly HashSet<string> RuntimeTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Taskcluster", "ApiClient", "ApiEntry", "ExchangeClient", "ExchangeEntry", "RoutingKeyElement", "RoutingPattern",
        "Binding", "ClientOptions", "ClientDefaults", "Credentials", "TaskclusterException", "Hawk", "Listener",
        "Connection", "Message",
    };

    /// <summary>Parameter names the generated API methods use themselves; a route argument must not take them.</summary>
    public static readonly HashSet<string> ApiParameterNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "payload", "cancellationToken", "expiration", "TResult",
    };
}
