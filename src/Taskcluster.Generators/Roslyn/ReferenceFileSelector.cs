using System;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Taskcluster.Generators.Model;
using Taskcluster.Generators.Parsing;

namespace Taskcluster.Generators.Roslyn;

/// <summary>Decides which AdditionalFiles are references, and reads them into plain values.</summary>
internal static class ReferenceFileSelector
{
    /// <summary>The MSBuild item metadata that marks an AdditionalFile as a reference (<c>TaskclusterReference="true"</c>).</summary>
    public const string ReferenceMetadata = "build_metadata.AdditionalFiles.TaskclusterReference";

    /// <summary>The MSBuild item metadata that names the class of a single-reference file.</summary>
    public const string ClassNameMetadata = "build_metadata.AdditionalFiles.ClassName";

    /// <summary>The MSBuild item metadata that names the namespace of the generated classes (default <c>Taskcluster</c>).</summary>
    public const string NamespaceMetadata = "build_metadata.AdditionalFiles.Namespace";

    /// <summary>The file name that is a reference without any metadata.</summary>
    public const string BuiltinFileName = "apis.json";

    /// <summary>The file as a reference, or null when it is not one.</summary>
    public static ReferenceFile? Select(AdditionalText file, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        string path = file.Path;
        bool isReference;
        if (options.TryGetValue(ReferenceMetadata, out string? flag) && !string.IsNullOrWhiteSpace(flag))
        {
            isReference = string.Equals(flag.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            // A schema that happens to be called apis.json is a schema, not a map of references.
            bool isSchema = options.TryGetValue(SchemaFileSelector.SchemaMetadata, out string? schema)
                && string.Equals(schema?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            isReference = !isSchema && string.Equals(Path.GetFileName(path), BuiltinFileName, StringComparison.OrdinalIgnoreCase);
        }
        if (!isReference) return null;

        string? className = options.TryGetValue(ClassNameMetadata, out string? value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;
        string? ns = options.TryGetValue(NamespaceMetadata, out string? nsValue) && !string.IsNullOrWhiteSpace(nsValue)
            ? nsValue.Trim()
            : null;
        try
        {
            var text = file.GetText(cancellationToken);
            return text is null
                ? new ReferenceFile(path, "", className, "the compiler could not read it", ns)
                : new ReferenceFile(path, text.ToString(), className, null, ns);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new ReferenceFile(path, "", className, exception.Message, ns);
        }
    }
}
