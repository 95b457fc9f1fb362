using Microsoft.CodeAnalysis;

namespace Taskcluster.Generators;

/// <summary>Generates typed TaskCluster clients from API and exchange references given as AdditionalFiles.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ReferenceGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
