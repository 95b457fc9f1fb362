using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Taskcluster.Generators.Model.Schemas;

namespace Taskcluster.Generators.Roslyn;

/// <summary>Decides which AdditionalFiles are JSON schemas for models, and reads them into plain values.</summary>
/// <remarks>
/// A schema is marked explicitly (<c>TaskclusterSchema="true"</c>) rather than recognised by its folder or content:
/// projects have other JSON files, and a file silently becoming types (or silently not) would be a surprise. The
/// service comes from the schema's <c>$id</c> (<c>/schemas/&lt;service&gt;/v1/&lt;name&gt;.json#</c>), or else from its
/// path (<c>&lt;service&gt;/&lt;version&gt;/&lt;name&gt;.json</c>), the layout of <c>references/schemas/</c>.
/// </remarks>
internal static class SchemaFileSelector
{
    /// <summary>The MSBuild item metadata that marks an AdditionalFile as a schema (<c>TaskclusterSchema="true"</c>).</summary>
    public const string SchemaMetadata = "build_metadata.AdditionalFiles.TaskclusterSchema";

    /// <summary>The file as a schema, or null when it is not one.</summary>
    public static SchemaFile? Select(AdditionalText file, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        if (!options.TryGetValue(SchemaMetadata, out string? flag) || !string.Equals(flag?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string? ns = options.TryGetValue(ReferenceFileSelector.NamespaceMetadata, out string? value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;
        try
        {
            var text = file.GetText(cancellationToken);
            return text is null
                ? new SchemaFile(file.Path, "", "the compiler could not read it", ns)
                : new SchemaFile(file.Path, text.ToString(), null, ns);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new SchemaFile(file.Path, "", exception.Message, ns);
        }
    }
}
