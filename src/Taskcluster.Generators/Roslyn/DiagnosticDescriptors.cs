using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Taskcluster.Generators.Parsing;

namespace Taskcluster.Generators.Roslyn;

/// <summary>
/// The compiler's view of the shared <see cref="Rules"/>: errors mean a client could not be generated at all;
/// warnings mean one entry was left out and the rest of the client is fine.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Taskcluster";

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = Index();

    /// <summary>Every descriptor, for tests and documentation.</summary>
    public static IReadOnlyCollection<DiagnosticDescriptor> All => s_byId.Values;

    /// <summary>The descriptor with this id; unknown ids fall back to TCGEN999.</summary>
    public static DiagnosticDescriptor ById(string id)
        => s_byId.TryGetValue(id, out var descriptor) ? descriptor : s_byId[Rules.UnexpectedFailure.Id];

    /// <summary>The descriptor of a shared rule.</summary>
    public static DiagnosticDescriptor For(Rule rule) => ById(rule.Id);

    private static Dictionary<string, DiagnosticDescriptor> Index()
    {
        var byId = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var rule in Rules.All)
        {
            var severity = rule.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            byId.Add(rule.Id, new DiagnosticDescriptor(rule.Id, rule.Title, rule.DiagnosticMessageFormat, Category, severity, isEnabledByDefault: true));
        }
        return byId;
    }
}
