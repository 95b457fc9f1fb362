using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Taskcluster.Generators.Parsing;

/// <summary>
/// Every diagnostic the generator reports. Errors mean a client could not be generated at all; warnings mean one
/// entry was left out and the rest of the client is fine.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Taskcluster";

    public static readonly DiagnosticDescriptor InvalidJson = Error(
        "TCGEN001", "Reference is not valid JSON",
        "'{0}' is not valid JSON: {1} Fix the file; no clients are generated from it until it parses.");

    public static readonly DiagnosticDescriptor MissingReferenceField = Error(
        "TCGEN002", "Reference lacks a required field",
        "Reference '{0}' has no '{1}'. {2}");

    public static readonly DiagnosticDescriptor MissingEntryField = Warning(
        "TCGEN003", "Entry lacks a required field",
        "Entry {0} of '{1}' has no '{2}'; add it ({3}). The entry is skipped.");

    public static readonly DiagnosticDescriptor PlaceholderWithoutArg = Warning(
        "TCGEN004", "Route placeholder without a matching argument",
        "Route '{0}' of entry '{1}' has the placeholder <{2}> but '{2}' is not in 'args'; add it to 'args' or fix the route. The entry is skipped.");

    public static readonly DiagnosticDescriptor ArgNotInRoute = Warning(
        "TCGEN005", "Argument missing from the route",
        "Argument '{0}' of entry '{1}' does not appear in route '{2}'; add <{0}> to the route or remove the argument. The entry is skipped.");

    public static readonly DiagnosticDescriptor UnknownEntryType = Warning(
        "TCGEN006", "Unknown entry type",
        "Entry {0} of '{1}' has type '{2}'; this reference only takes '{3}' entries. The entry is skipped.");

    public static readonly DiagnosticDescriptor DuplicateMember = Warning(
        "TCGEN007", "Two entries produce the same member",
        "Entry '{0}' of '{1}' would generate '{2}', which entry '{3}' already generates; rename one of them. The entry is skipped.");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Warning(
        "TCGEN008", "Name is not a valid C# identifier",
        "{0} '{1}' of '{2}' gives '{3}', which is not a valid C# identifier; use letters, digits and '_' and start with a letter. The entry is skipped.");

    public static readonly DiagnosticDescriptor ReservedMember = Warning(
        "TCGEN009", "Entry name collides with a member of the client",
        "Entry '{0}' of '{1}' would generate '{2}', which {3}; rename the entry. The entry is skipped.");

    public static readonly DiagnosticDescriptor InvalidClassName = Error(
        "TCGEN010", "Invalid client class name",
        "Reference '{0}' gives the class name '{1}', which {2}; rename it (for a single-reference file set the AdditionalFiles metadata ClassName).");

    public static readonly DiagnosticDescriptor DuplicateClass = Error(
        "TCGEN011", "Two references produce the same class",
        "Reference '{0}' in '{1}' produces class '{2}', which '{3}' already produces; give one of them another name (AdditionalFiles metadata ClassName for a single-reference file). This one is not generated.");

    public static readonly DiagnosticDescriptor WrongType = Warning(
        "TCGEN012", "Field has the wrong type or an invalid value",
        "'{0}' of entry '{1}' in '{2}' must be {3}; fix the value. The entry is skipped.");

    public static readonly DiagnosticDescriptor InvalidReference = Error(
        "TCGEN013", "Reference has the wrong shape",
        "'{0}' in '{1}' must be {2}. No client is generated from it.");

    public static readonly DiagnosticDescriptor DuplicateParameter = Warning(
        "TCGEN014", "Two parameters with the same name",
        "Entry '{0}' of '{1}' has the parameter name '{2}' twice (or it collides with the generated parameter of that name); rename one. The entry is skipped.");

    public static readonly DiagnosticDescriptor Unreadable = Error(
        "TCGEN015", "Reference file cannot be read",
        "The reference file '{0}' cannot be read: {1}. Check that the AdditionalFiles item points at an existing file.");

    public static readonly DiagnosticDescriptor UnexpectedFailure = Error(
        "TCGEN999", "The generator failed on a reference",
        "The Taskcluster generator failed on '{0}': {1}. This is a generator bug; please report it with the file. No clients are generated from this file.");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = Index(
        InvalidJson, MissingReferenceField, MissingEntryField, PlaceholderWithoutArg, ArgNotInRoute, UnknownEntryType,
        DuplicateMember, InvalidIdentifier, ReservedMember, InvalidClassName, DuplicateClass, WrongType, InvalidReference,
        DuplicateParameter, Unreadable, UnexpectedFailure);

    /// <summary>Every descriptor, for tests and documentation.</summary>
    public static IReadOnlyCollection<DiagnosticDescriptor> All => s_byId.Values;

    /// <summary>The descriptor with this id; unknown ids fall back to <see cref="UnexpectedFailure"/>.</summary>
    public static DiagnosticDescriptor ById(string id)
        => s_byId.TryGetValue(id, out var descriptor) ? descriptor : UnexpectedFailure;

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static Dictionary<string, DiagnosticDescriptor> Index(params DiagnosticDescriptor[] descriptors)
    {
        var byId = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var descriptor in descriptors) byId.Add(descriptor.Id, descriptor);
        return byId;
    }
}
