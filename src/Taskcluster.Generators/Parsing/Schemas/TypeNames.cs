using System;
using System.Collections.Generic;
using System.Globalization;

namespace Taskcluster.Generators.Parsing.Schemas;

/// <summary>
/// How models and their members are named. Names come only from a schema's file name and its JSON pointer, never
/// from <c>title</c>, so that editing documentation can never rename a type:
/// <list type="bullet">
/// <item><c>v1/create-task-request.json</c> → <c>CreateTaskRequest</c> (file name in PascalCase);</item>
/// <item>an inline object or enum → owner + property (<c>TaskStatusState</c>), a definition → owner + its name
/// (<c>HashesDownload</c>);</item>
/// <item>array items → owner + <c>Item</c> (<c>TaskStatusRunsItem</c>); map values → owner + <c>Value</c>;</item>
/// <item>a <c>oneOf</c>/<c>anyOf</c> branch told apart by a <c>const</c> or one-value <c>enum</c> → owner + that value
/// (<c>ArtifactContentResponseS3</c>);</item>
/// <item>a name that is also a type of a namespace .NET projects import by default (<c>Task</c>,
/// <c>TaskStatus</c>, <c>Object</c>, <c>Index</c>, ...; see <see cref="DotNetTypeNames"/>) gets <c>Model</c> appended
/// (<c>TaskModel</c>);</item>
/// <item>a member that would be named like its type, like <c>ExtensionData</c>, or like a member of
/// <see cref="object"/> gets <c>Value</c> appended (<c>Secret.SecretValue</c>); its JSON name is kept;</item>
/// <item>every enum starts with an <c>Unknown</c> member for values the schema does not list
/// (<see cref="UnknownMemberName"/>); a wire value that would take that name gets <c>Value</c> appended.</item>
/// </list>
/// </summary>
internal static class TypeNames
{
    /// <summary>Appended to a type name that would shadow a common .NET type.</summary>
    public const string ShadowSuffix = "Model";

    /// <summary>Appended to a member name that cannot be used as it is.</summary>
    public const string MemberSuffix = "Value";

    /// <summary>The member that keeps the properties a schema does not list.</summary>
    public const string ExtensionDataMember = "ExtensionData";

    /// <summary>Names no property of a model may take: the extension data and what every object inherits.</summary>
    public static readonly IReadOnlyCollection<string> ReservedMembers = new HashSet<string>(StringComparer.Ordinal)
    {
        ExtensionDataMember, "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>The namespace of a service's models: <c>queue</c> → <c>Taskcluster.Models.Queue</c>.</summary>
    /// <remarks>
    /// Not <c>Taskcluster.Queue.Models</c>: <c>Taskcluster.Queue</c> is the client class, and a namespace cannot share
    /// its name. Nor <c>Taskcluster.QueueModels</c>: models of every service would then crowd the namespace that
    /// holds the clients. A using directive never imports nested namespaces, so <c>using Taskcluster;</c> next to
    /// <c>using Taskcluster.Models.Queue;</c> leaves <c>Queue</c> meaning the client.
    /// </remarks>
    public static string DefaultNamespace(string service) => "Taskcluster.Models." + Identifier(Part(service), "Service");

    /// <summary>The serializer context of a namespace: its last segment + <c>JsonContext</c> (<c>QueueJsonContext</c>).</summary>
    public static string ContextName(string ns) => ns.Substring(ns.LastIndexOf('.') + 1) + "JsonContext";

    /// <summary>A piece of a name: the text in PascalCase, split where it has characters an identifier cannot.</summary>
    public static string Part(string text) => Identifiers.ToPascalCase(text);

    /// <summary>The root type's name for a file stem: <c>task-status</c> → <c>TaskStatus</c>.</summary>
    public static string Root(string stem) => Identifier(Part(stem), "Schema");

    /// <summary>A finished type name: shadows renamed, and usable as an identifier.</summary>
    public static string TypeName(string candidate)
    {
        string name = Identifier(candidate, "Schema");
        return DotNetTypeNames.ImplicitlyImported.Contains(name) ? name + ShadowSuffix : name;
    }

    /// <summary>
    /// The C# names of a model's properties, in order. Reserved and clashing names get <see cref="MemberSuffix"/>;
    /// two properties that still end up alike are numbered in schema order (<c>TaskId</c>, <c>TaskId2</c>).
    /// </summary>
    public static List<string> MemberNames(string typeName, IReadOnlyList<string> jsonNames, IEnumerable<string> alsoReserved)
    {
        var reserved = new HashSet<string>(ReservedMembers, StringComparer.Ordinal) { typeName };
        foreach (string name in alsoReserved) reserved.Add(name);
        var used = new HashSet<string>(reserved, StringComparer.Ordinal);
        var result = new List<string>(jsonNames.Count);
        foreach (string json in jsonNames)
        {
            string name = Identifier(Part(json), "Empty");
            if (reserved.Contains(name)) name += MemberSuffix;
            result.Add(Unique(name, used));
        }
        return result;
    }

    /// <summary>The member every generated enum has, first and zero, for a value the schema does not list.</summary>
    public const string UnknownMember = "Unknown";

    /// <summary>
    /// The name of an enum's member for values it does not know (a newer TaskCluster's): <c>Unknown</c>, or
    /// <c>UnknownValue</c> in an enum that is itself named <c>Unknown</c> (a member cannot share its type's name).
    /// </summary>
    /// <remarks>
    /// The sentinel keeps its name even when the schema has a wire value <c>unknown</c>: that value yields instead
    /// (<see cref="EnumMemberNames"/> makes it <c>UnknownValue</c>). So <c>X.Unknown</c> means "not a value this SDK
    /// knows" in every enum, and a schema that later adds such a value cannot turn existing checks for the sentinel
    /// into checks for that value.
    /// </remarks>
    public static string UnknownMemberName(string typeName) => typeName == UnknownMember ? UnknownMember + MemberSuffix : UnknownMember;

    /// <summary>
    /// The C# names of an enum's members: <c>all-completed</c> → <c>AllCompleted</c>, <c>""</c> → <c>Empty</c>. A
    /// value named like the enum, like <c>value__</c> or like the <see cref="UnknownMemberName"/> sentinel gets
    /// <see cref="MemberSuffix"/> (<c>unknown</c> → <c>UnknownValue</c>), then a number if still taken.
    /// </summary>
    public static List<string> EnumMemberNames(string typeName, IReadOnlyList<string> values)
    {
        string unknown = UnknownMemberName(typeName);
        var used = new HashSet<string>(StringComparer.Ordinal) { unknown };
        var result = new List<string>(values.Count);
        foreach (string value in values)
        {
            string name = Identifier(Part(value), "Empty");
            if (name == typeName || name == "value__" || name == unknown) name += MemberSuffix;
            result.Add(Unique(name, used));
        }
        return result;
    }

    /// <summary>
    /// A name that can be an identifier: <paramref name="fallback"/> when nothing is left, '_' before a leading
    /// digit (<c>32bit</c> → <c>_32bit</c>).
    /// </summary>
    public static string Identifier(string name, string fallback)
    {
        if (name.Length == 0) return fallback;
        if (!Identifiers.IsValidIdentifier(name)) name = "_" + name;
        return Identifiers.IsValidIdentifier(name) ? name : fallback;
    }

    /// <summary><paramref name="name"/>, or the first of name2, name3, ... not yet used; marks it used.</summary>
    public static string Unique(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int n = 2; !used.Add(candidate); n++) candidate = name + n.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }
}
