using Taskcluster.Packaging.Tests.Infrastructure;

namespace Taskcluster.Packaging.Tests;

/// <summary>
/// The consumer gets the package only through a library project that references it. NuGet hands the generator to
/// such projects too, so they must also get the props that let the generator read their reference metadata.
/// </summary>
[TestFixture]
public sealed class TransitiveConsumerTests
{
    private const string LibraryProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Taskcluster.Client" Version="[$(TaskclusterClientVersion)]" />
          </ItemGroup>
        </Project>
        """;

    // Evaluated after the consumer's project file, so it can swap the package reference for the library.
    private const string ReferenceThroughLibrary = """
        <Project>
          <ItemGroup>
            <PackageReference Remove="Taskcluster.Client" />
            <ProjectReference Include="../library/Library.csproj" />
          </ItemGroup>
        </Project>
        """;

    private CommandResult? _build;
    private CommandResult? _run;

    [OneTimeSetUp]
    public async Task BuildAndRunConsumerThroughLibraryAsync()
    {
        string consumer = PackedPackage.CopyConsumer(Path.Combine("transitive", "consumer"));
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.targets"), ReferenceThroughLibrary);
        string library = Path.Combine(Path.GetDirectoryName(consumer)!, "library");
        Directory.CreateDirectory(library);
        File.WriteAllText(Path.Combine(library, "Library.csproj"), LibraryProject);
        PackedPackage.WriteNuGetConfig(library);

        _build = await PackedPackage.BuildConsumerAsync(consumer).ConfigureAwait(false);
        if (_build.Succeeded) _run = await PackedPackage.RunConsumerAsync(consumer).ConfigureAwait(false);
    }

    [Test]
    public void A_project_that_gets_the_package_through_a_library_generates_clients_from_its_own_references()
    {
        Assert.That(_build!.Succeeded, Is.True, _build.Describe());
        Assert.That(_run!.Succeeded, Is.True, _run.Describe());

        Assert.That(_run.Output, Does.Contain("generated-class: Taskcluster.EchoApi : Taskcluster.ApiClient"), _run.Describe());
    }
}
