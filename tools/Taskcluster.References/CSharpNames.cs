using System;
using System.Collections.Generic;

namespace Taskcluster.References;

/// <summary>
/// The naming rules the source generator applies to references, so that the documented signatures are the ones
/// users can call: class names PascalCased (<c>index</c> → <c>Index</c>), method names from entry names
/// (<c>getTask</c> → <c>GetTaskAsync</c>), C# keywords escaped with <c>@</c> (<c>namespace</c> → <c>@namespace</c>).
/// </summary>
public static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>The name with its first letter upper-cased: <c>getTask</c> → <c>GetTask</c>.</summary>
    /// <param name="name">A reference or entry name.</param>
    /// <returns>The PascalCased name.</returns>
    public static string Pascal(string name) =>
        name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

    /// <summary>
    /// The class name the source generator gives a reference name or service name: split at every character that is
    /// not an ASCII letter or digit, each part upper-cased at its start (<c>worker-manager</c> → <c>WorkerManager</c>,
    /// <c>index</c> → <c>Index</c>).
    /// </summary>
    /// <param name="name">A reference name from <c>apis.json</c>, or a TaskCluster service name.</param>
    /// <returns>The class name; two names that give the same one would generate the same class.</returns>
    public static string ClassName(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        bool upperNext = true;
        foreach (char c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'))
            {
                upperNext = true;
                continue;
            }
            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        return builder.ToString();
    }

    /// <summary>The name with its first letter lower-cased, escaped if it is a keyword: <c>QueueEvents</c> → <c>queueEvents</c>.</summary>
    /// <param name="name">A class name.</param>
    /// <returns>A variable name.</returns>
    public static string Camel(string name) =>
        Identifier(name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1));

    /// <summary>The name as a C# identifier: keywords get an <c>@</c>.</summary>
    /// <param name="name">A parameter name from a reference.</param>
    /// <returns>The identifier.</returns>
    public static string Identifier(string name) => Keywords.Contains(name) ? "@" + name : name;

    /// <summary>Whether <paramref name="name"/> can name a client class: ASCII letters, digits and underscores, not starting with a digit.</summary>
    /// <param name="name">The proposed reference name.</param>
    /// <returns>True when the generator can use it.</returns>
    public static bool IsValidClientName(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0])) return false;
        foreach (char c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_')) return false;
        }
        return !Keywords.Contains(Pascal(name));
    }
}
