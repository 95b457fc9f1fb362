using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Taskcluster.Generators.Emitting;
using Taskcluster.Generators.Emitting.Models;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Model.Schemas;
using Taskcluster.Generators.Parsing;
using Taskcluster.Generators.Parsing.Schemas;
using Taskcluster.Generators.Roslyn;

namespace Taskcluster.Generators;

/// <summary>
/// Generates typed TaskCluster clients from API and exchange references, and typed models from JSON schemas, given as
/// AdditionalFiles.
/// </summary>
/// <remarks>
/// Only wires the pipeline: reference files → parse (models and diagnostics) → one model per class → C# source.
/// Every step works on value-equal data, so an unchanged reference costs nothing on the next run and editing one
/// service regenerates only that service.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class ReferenceGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var filesWithOptions = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .WithTrackingName(TrackingNames.FilesWithOptions);

        var clientTypes = InitializeModels(context, filesWithOptions);

        var files = filesWithOptions
            .Select(static (pair, cancellationToken) =>
                ReferenceFileSelector.Select(pair.Left, pair.Right.GetOptions(pair.Left), cancellationToken))
            .WithTrackingName(TrackingNames.ReferenceFiles)
            .Where(static file => file is not null)
            .WithTrackingName(TrackingNames.ReferencesOnly)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.SelectedFiles);

        var parsed = files
            .Select(static (file, cancellationToken) => ReferenceParser.Parse(file, cancellationToken))
            .WithTrackingName(TrackingNames.Parsed);

        var services = parsed
            .SelectMany(static (result, _) => result.Services)
            .WithTrackingName(TrackingNames.Services);

        var diagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // Two files may name the same class; the first by path wins so that adding a file never breaks a working one.
        var claims = services
            .Select(static (service, _) => new ClassClaim(service.ClassName, service.SourcePath))
            .WithTrackingName(TrackingNames.ClassClaims)
            .Collect()
            .WithTrackingName(TrackingNames.AllClassClaims);

        var losers = claims
            .Select(static (all, _) => FindLosers(all))
            .WithTrackingName(TrackingNames.DuplicateClasses);

        // A class named like another's interface (a reference called "IQueue" beside "Queue") keeps its name, as the
        // user chose it; the other class is generated without an interface rather than not at all.
        var interfaceClashes = claims
            .Select(static (all, _) => FindInterfaceClashes(all))
            .WithTrackingName(TrackingNames.InterfaceClashes);

        // Each service sees only the models its own entries name, so editing a schema that changes no client-facing
        // type (a description, a nested property) leaves every client's source cached.
        var typedServices = services
            .Combine(clientTypes)
            .WithTrackingName(TrackingNames.ServicesWithAllClientTypes)
            .Select(static (pair, _) => TypedService.For(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.TypedServices);

        var sources = typedServices
            .Combine(losers)
            .WithTrackingName(TrackingNames.ServicesWithDuplicates)
            .Combine(interfaceClashes)
            .WithTrackingName(TrackingNames.ServicesWithInterfaceClashes)
            .Select(static (pair, _) => IsLoser(pair.Left.Left.Service, pair.Left.Right)
                ? null
                : ClientEmitter.Emit(pair.Left.Left, withInterface: !HasInterfaceClash(pair.Left.Left.Service, pair.Right)))
            .WithTrackingName(TrackingNames.Sources);

        context.RegisterSourceOutput(sources, static (output, source) =>
        {
            if (source is not null) output.AddSource(source.HintName, source.Text);
        });
        context.RegisterSourceOutput(diagnostics, static (output, diagnostic) => output.ReportDiagnostic(ToDiagnostic(diagnostic)));
        context.RegisterSourceOutput(losers, static (output, lost) =>
        {
            foreach (var loser in lost)
            {
                var origin = new SourceSpan(loser.Loser.Path, 0, 0, 0, 0, 0, 0);
                output.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.For(Rules.DuplicateClass), ToLocation(origin),
                    loser.Loser.ClassName, loser.Loser.Path, loser.Loser.ClassName, loser.WinnerPath));
            }
        });
        context.RegisterSourceOutput(interfaceClashes, static (output, clashes) =>
        {
            foreach (var clash in clashes)
            {
                var origin = new SourceSpan(clash.Claim.Path, 0, 0, 0, 0, 0, 0);
                output.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.For(Rules.InterfaceClash), ToLocation(origin),
                    clash.Claim.ClassName, clash.Claim.Path, clash.InterfaceName, clash.OtherPath));
            }
        });
    }

    /// <summary>
    /// The models: schema files → one parsed document each → grouped by namespace (each group with the files it
    /// refers to) → one set of models per namespace → C# source. Editing one schema changes only the groups that
    /// contain or refer to it, so every other namespace's source stays cached.
    /// </summary>
    /// <returns>What clients need of every schema file's model, sorted by schema id.</returns>
    private static IncrementalValueProvider<EquatableArray<SchemaClientType>> InitializeModels(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<(AdditionalText Left, AnalyzerConfigOptionsProvider Right)> filesWithOptions)
    {
        var parsed = filesWithOptions
            .Select(static (pair, cancellationToken) =>
                SchemaFileSelector.Select(pair.Left, pair.Right.GetOptions(pair.Left), cancellationToken))
            .WithTrackingName(TrackingNames.SchemaFiles)
            .Where(static file => file is not null)
            .WithTrackingName(TrackingNames.SchemasOnly)
            .Select(static (file, cancellationToken) => SchemaReader.Read(file!, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedSchemas);

        var readDiagnostics = parsed
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.SchemaDiagnostics);

        var groups = parsed
            .Where(static result => result.Document is not null)
            .Select(static (result, _) => result.Document!)
            .WithTrackingName(TrackingNames.SchemaDocuments)
            .Collect()
            .WithTrackingName(TrackingNames.AllSchemaDocuments)
            .Select(static (documents, _) => ModelBuilder.Group(documents))
            .WithTrackingName(TrackingNames.SchemaGroups);

        var groupDiagnostics = groups
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.SchemaGroupDiagnostics);

        var built = groups
            .SelectMany(static (result, _) => result.Sets)
            .WithTrackingName(TrackingNames.SchemaSets)
            .Select(static (set, cancellationToken) => ModelBuilder.Build(set, cancellationToken))
            .WithTrackingName(TrackingNames.ModelBuilds);

        var buildDiagnostics = built
            .SelectMany(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.ModelDiagnostics);

        var sources = built
            .Where(static result => result.Types is not null)
            .Select(static (result, _) => result.Types!)
            .WithTrackingName(TrackingNames.ModelTypes)
            .Select(static (types, _) => ModelEmitter.Emit(types))
            .WithTrackingName(TrackingNames.ModelSources);

        context.RegisterSourceOutput(sources, static (output, emission) =>
        {
            if (emission.Source is { } source) output.AddSource(source.HintName, source.Text);
            foreach (var diagnostic in emission.Diagnostics) output.ReportDiagnostic(ToDiagnostic(diagnostic));
        });
        context.RegisterSourceOutput(readDiagnostics, static (output, diagnostic) => output.ReportDiagnostic(ToDiagnostic(diagnostic)));
        context.RegisterSourceOutput(groupDiagnostics, static (output, diagnostic) => output.ReportDiagnostic(ToDiagnostic(diagnostic)));
        context.RegisterSourceOutput(buildDiagnostics, static (output, diagnostic) => output.ReportDiagnostic(ToDiagnostic(diagnostic)));

        return built
            .Where(static result => result.Types is not null)
            .Select(static (result, _) => ModelEmitter.ClientTypes(result.Types!))
            .WithTrackingName(TrackingNames.ClientTypes)
            .Collect()
            .Select(static (all, _) => TypedService.Index(all))
            .WithTrackingName(TrackingNames.AllClientTypes);
    }

    private static EquatableArray<LostClaim> FindLosers(ImmutableArray<ClassClaim> claims)
    {
        var winners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (!winners.TryGetValue(claim.ClassName, out string? path) || string.CompareOrdinal(claim.Path, path) < 0)
                winners[claim.ClassName] = claim.Path;
        }
        var losers = new List<LostClaim>();
        foreach (var claim in claims)
        {
            string winner = winners[claim.ClassName];
            if (!string.Equals(winner, claim.Path, StringComparison.Ordinal)) losers.Add(new LostClaim(claim, winner));
        }
        losers.Sort(static (a, b) => string.CompareOrdinal(a.Loser.Path + "\n" + a.Loser.ClassName, b.Loser.Path + "\n" + b.Loser.ClassName));
        return EquatableArray<LostClaim>.From(losers);
    }

    private static EquatableArray<InterfaceClash> FindInterfaceClashes(ImmutableArray<ClassClaim> claims)
    {
        // The earliest file by path that produces each class, as FindLosers picks it.
        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (!classes.TryGetValue(claim.ClassName, out string? path) || string.CompareOrdinal(claim.Path, path) < 0)
                classes[claim.ClassName] = claim.Path;
        }
        var clashes = new List<InterfaceClash>();
        foreach (var claim in claims)
        {
            string interfaceName = InterfaceEmitter.Name(claim.ClassName);
            if (classes.TryGetValue(interfaceName, out string? other)) clashes.Add(new InterfaceClash(claim, interfaceName, other));
        }
        clashes.Sort(static (a, b) => string.CompareOrdinal(a.Claim.Path + "\n" + a.Claim.ClassName, b.Claim.Path + "\n" + b.Claim.ClassName));
        return EquatableArray<InterfaceClash>.From(clashes);
    }

    private static bool HasInterfaceClash(ServiceModel service, EquatableArray<InterfaceClash> clashes)
    {
        foreach (var clash in clashes)
        {
            if (clash.Claim.ClassName == service.ClassName && clash.Claim.Path == service.SourcePath) return true;
        }
        return false;
    }

    private static bool IsLoser(ServiceModel service, EquatableArray<LostClaim> losers)
    {
        foreach (var loser in losers)
        {
            if (loser.Loser.ClassName == service.ClassName && loser.Loser.Path == service.SourcePath) return true;
        }
        return false;
    }

    private static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var arguments = new object[info.Arguments.Count];
        for (int i = 0; i < arguments.Length; i++) arguments[i] = info.Arguments[i].Value;
        return Diagnostic.Create(DiagnosticDescriptors.ById(info.Id), ToLocation(info.Span), arguments);
    }

    private static Location ToLocation(SourceSpan span)
        => Location.Create(
            span.FilePath,
            new TextSpan(span.Start, span.Length),
            new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));
}
