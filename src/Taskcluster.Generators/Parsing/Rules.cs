using System.Collections.Generic;

namespace Taskcluster.Generators.Parsing;

/// <summary>
/// One rule a reference can break: its id, title, message and how bad breaking it is. The generator reports it as a
/// compiler diagnostic, the run-time reader as a <c>ReferenceFormatException</c>; both get it from this one table.
/// </summary>
/// <param name="Id">The id, for example <c>TCGEN001</c>.</param>
/// <param name="Title">A short title.</param>
/// <param name="MessageFormat">The message, with <c>{0}</c>-style arguments.</param>
/// <param name="IsError">True when no client at all comes from the file; false when only one entry is skipped.</param>
/// <param name="Consequence">What the generator does about it ("The entry is skipped."); the run-time reader, which
/// rejects the whole reference, leaves it out.</param>
/// <param name="IsNamingRule">
/// True for rules about the C# names the generator makes (a valid reference can still break them); the run-time
/// reader, which makes no C# names, does not apply them.
/// </param>
internal sealed record Rule(string Id, string Title, string MessageFormat, bool IsError, bool IsNamingRule = false, string Consequence = "")
{
    /// <summary>The message the compiler shows: the problem, then what the generator did about it.</summary>
    public string DiagnosticMessageFormat => Consequence.Length == 0 ? MessageFormat : MessageFormat + " " + Consequence;
}

/// <summary>Every rule of the reference format, shared by the generator and the run-time reader.</summary>
internal static class Rules
{
    public static readonly Rule InvalidJson = new(
        "TCGEN001", "Reference is not valid JSON",
        "'{0}' is not valid JSON: {1}", Consequence: "Fix the file; no clients are generated from it until it parses.", IsError: true);

    public static readonly Rule MissingReferenceField = new(
        "TCGEN002", "Reference lacks a required field",
        "Reference '{0}' has no '{1}'. {2}", IsError: true);

    public static readonly Rule MissingEntryField = new(
        "TCGEN003", "Entry lacks a required field",
        "Entry {0} of '{1}' has no '{2}'; add it ({3}).", Consequence: "The entry is skipped.", IsError: false);

    public static readonly Rule PlaceholderWithoutArg = new(
        "TCGEN004", "Route placeholder without a matching argument",
        "Route '{0}' of entry '{1}' has the placeholder <{2}> but '{2}' is not in 'args'; add it to 'args' or fix the route.", Consequence: "The entry is skipped.", IsError: false);

    public static readonly Rule ArgNotInRoute = new(
        "TCGEN005", "Argument missing from the route",
        "Argument '{0}' of entry '{1}' does not appear in route '{2}'; add <{0}> to the route or remove the argument.", Consequence: "The entry is skipped.", IsError: false);

    public static readonly Rule UnknownEntryType = new(
        "TCGEN006", "Unknown entry type",
        "Entry {0} of '{1}' has type '{2}'; this reference only takes '{3}' entries.", Consequence: "The entry is skipped.", IsError: false);

    public static readonly Rule DuplicateMember = new(
        "TCGEN007", "Two entries produce the same member",
        "Entry '{0}' of '{1}' would generate '{2}', which entry '{3}' already generates; rename one of them.", Consequence: "The entry is skipped.", IsError: false, IsNamingRule: true);

    public static readonly Rule InvalidIdentifier = new(
        "TCGEN008", "Name is not a valid C# identifier",
        "{0} '{1}' of '{2}' gives '{3}', which is not a valid C# identifier; use letters, digits and '_' and start with a letter.", Consequence: "The entry is skipped.", IsError: false, IsNamingRule: true);

    public static readonly Rule ReservedMember = new(
        "TCGEN009", "Entry name collides with a member of the client",
        "Entry '{0}' of '{1}' would generate '{2}', which {3}; rename the entry.", Consequence: "The entry is skipped.", IsError: false, IsNamingRule: true);

    public static readonly Rule InvalidClassName = new(
        "TCGEN010", "Invalid client class name",
        "Reference '{0}' gives the class name '{1}', which {2}; rename it (for a single-reference file set the AdditionalFiles metadata ClassName).", IsError: true, IsNamingRule: true);

    public static readonly Rule DuplicateClass = new(
        "TCGEN011", "Two references produce the same class",
        "Reference '{0}' in '{1}' produces class '{2}', which '{3}' already produces; give one of them another name (AdditionalFiles metadata ClassName for a single-reference file).", Consequence: "This one is not generated.", IsError: true, IsNamingRule: true);

    public static readonly Rule InterfaceClash = new(
        "TCGEN025", "A client's interface name is taken by another client",
        "Reference '{0}' in '{1}' would get the interface '{2}', but '{3}' produces a class named '{2}'; rename one of them (AdditionalFiles metadata ClassName for a single-reference file).", Consequence: "The class is generated without the interface.", IsError: false, IsNamingRule: true);

    public static readonly Rule WrongType = new(
        "TCGEN012", "Field has the wrong type or an invalid value",
        "'{0}' of entry '{1}' in '{2}' must be {3}; fix the value.", Consequence: "The entry is skipped.", IsError: false);

    public static readonly Rule InvalidReference = new(
        "TCGEN013", "Reference has the wrong shape",
        "'{0}' in '{1}' must be {2}.", Consequence: "No client is generated from it.", IsError: true);

    public static readonly Rule DuplicateParameter = new(
        "TCGEN014", "Two parameters with the same name",
        "Entry '{0}' of '{1}' has the parameter name '{2}' twice (or it collides with the generated parameter of that name); rename one.", Consequence: "The entry is skipped.", IsError: false);

    public static readonly Rule Unreadable = new(
        "TCGEN015", "Reference file cannot be read",
        "The reference file '{0}' cannot be read: {1}. Check that the AdditionalFiles item points at an existing file.", IsError: true);

    public static readonly Rule DuplicateEntry = new(
        "TCGEN016", "Two entries with the same name",
        "Entry '{0}' of '{1}' has the same name as an earlier entry; entry names must be unique.", Consequence: "The entry is skipped.", IsError: false);

    public static readonly Rule UnsupportedReferenceKind = new(
        "TCGEN017", "Not an API or exchanges reference",
        "Reference '{0}' is a {1} reference; only API and exchanges references describe clients. Leave it out of the AdditionalFiles.", IsError: true);

    public static readonly Rule InvalidNamespace = new(
        "TCGEN018", "Invalid namespace",
        "The Namespace '{0}' given for '{1}' is not a C# namespace name (identifiers separated by '.', no keywords); fix the AdditionalFiles metadata.", Consequence: "Nothing is generated from this file.", IsError: true, IsNamingRule: true);

    public static readonly Rule InvalidSchemaJson = new(
        "TCGEN019", "Schema is not valid JSON",
        "Schema '{0}' is not valid JSON: {1}", Consequence: "Fix the file; no models are generated from it until it parses.", IsError: true);

    public static readonly Rule UnusableSchema = new(
        "TCGEN020", "Schema file cannot be used",
        "Schema '{0}' {1}.", Consequence: "No models are generated from it.", IsError: true);

    public static readonly Rule UnresolvedSchemaReference = new(
        "TCGEN021", "Schema reference does not resolve",
        "The $ref \"{0}\" in '{1}' does not lead to a schema: {2}. Fix the reference, or add the schema it names as an AdditionalFile with TaskclusterSchema=\"true\".", Consequence: "The value is typed as raw JSON (JsonNode).", IsError: false);

    public static readonly Rule DuplicateModelName = new(
        "TCGEN022", "Two schemas produce the same type name",
        "The schema at '{0}' would be named '{1}' in namespace '{2}', like the schema at '{3}'.", Consequence: "It is generated as '{4}'; rename one of the schema files to choose a better name.", IsError: false, IsNamingRule: true);

    public static readonly Rule DuplicateSchemaId = new(
        "TCGEN023", "Two schema files with the same id",
        "Schema '{0}' has the id '{1}', which '{2}' already has; each schema file needs its own id (its $id, or its path <service>/<version>/<name>.json).", Consequence: "This file is ignored.", IsError: true);

    public static readonly Rule InvalidSchemaKeyword = new(
        "TCGEN024", "Schema keyword has the wrong type",
        "'{0}' at '{1}' in '{2}' must be {3}.", Consequence: "The keyword is ignored.", IsError: false);

    public static readonly Rule UnexpectedFailure = new(
        "TCGEN999", "The generator failed on a reference or schema",
        "The Taskcluster generator failed on '{0}': {1}. This is a generator bug; please report it with the file.", Consequence: "Nothing is generated from it.", IsError: true);

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<Rule> All { get; } = new[]
    {
        InvalidJson, MissingReferenceField, MissingEntryField, PlaceholderWithoutArg, ArgNotInRoute, UnknownEntryType,
        DuplicateMember, InvalidIdentifier, ReservedMember, InvalidClassName, DuplicateClass, WrongType, InvalidReference,
        DuplicateParameter, Unreadable, DuplicateEntry, UnsupportedReferenceKind, InvalidNamespace, InvalidSchemaJson,
        UnusableSchema, UnresolvedSchemaReference, DuplicateModelName, DuplicateSchemaId, InvalidSchemaKeyword,
        InterfaceClash, UnexpectedFailure,
    };

    /// <summary>The rule with this id; unknown ids fall back to <see cref="UnexpectedFailure"/>.</summary>
    public static Rule ById(string id)
    {
        foreach (var rule in All)
        {
            if (rule.Id == id) return rule;
        }
        return UnexpectedFailure;
    }
}
