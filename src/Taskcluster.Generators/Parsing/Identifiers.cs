using System;
using System.Collections.Generic;
using System.Text;
using System.Globalization;

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
            if (!IsIdentifierPart(c) || c == '_')
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
        if (!IsIdentifierStart(name[0])) return false;
        for (int i = 1; i < name.Length; i++)
        {
            if (!IsIdentifierPart(name[i])) return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a C# namespace name: identifiers separated by '.', no keywords.</summary>
    public static bool IsNamespace(string name)
    {
        foreach (string part in name.Split('.'))
        {
            if (!IsValidIdentifier(part) || IsKeyword(part)) return false;
        }
        return true;
    }

    /// <summary>The identifier as it must be written in source: keywords get an '@' (<c>namespace</c> → <c>@namespace</c>).</summary>
    public static string Escape(string name)
        => IsKeyword(name) ? "@" + name : name;

    /// <summary>Whether a type or member may not be given this name (a reserved keyword).</summary>
    public static bool IsKeyword(string name) => Keywords.Contains(name);

    // The C# language's identifier rules (letters and letter numbers start one; digits, combining marks, connectors
    // and formatting characters may follow), written out rather than taken from Roslyn so the run-time reader, which
    // shares this file, does not need the compiler.
    private static bool IsIdentifierStart(char c)
        => c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber => true,
            _ => false,
        };

    private static bool IsIdentifierPart(char c)
        => IsIdentifierStart(c) || CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format => true,
            _ => false,
        };

    /// <summary>The reserved keywords of C#; contextual keywords (<c>var</c>, <c>record</c>) are valid names.</summary>
    private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof",
        "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint",
        "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
        "__arglist", "__makeref", "__reftype", "__refvalue",
    };

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
        // Not a type but the namespace of the generated fake bases (Taskcluster.Testing.FakeQueueBase): a class of
        // that name beside it would not compile.
        "Testing",
    };

    /// <summary>Parameter names the generated API methods use themselves; a route argument must not take them.</summary>
    public static readonly HashSet<string> ApiParameterNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "payload", "cancellationToken", "expiration", "TResult",
    };
}
