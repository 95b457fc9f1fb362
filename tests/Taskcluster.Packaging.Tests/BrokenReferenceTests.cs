using Taskcluster.Packaging.Tests.Infrastructure;

namespace Taskcluster.Packaging.Tests;

/// <summary>A consumer whose own reference file is broken sees the generator's diagnostic in its build output.</summary>
[TestFixture]
public sealed class BrokenReferenceTests
{
    // Line 6 has a stray comma where a property name must be; the generator points at it.
    private const string BrokenReference = """
        {
          "version": "0.1.0",
          "title": "Broken Service",
          "baseUrl": "https://broken.example.test/v1",
          "entries": [
            { "type": "function", "name": "oops",, }
          ]
        }
        """;

    private const string AddBrokenReference = """
        <Project>
          <ItemGroup>
            <AdditionalFiles Include="references/broken.json" TaskclusterReference="true" ClassName="BrokenService" />
          </ItemGroup>
        </Project>
        """;

    private string _referencePath = "";
    private CommandResult? _build;

    [OneTimeSetUp]
    public async Task BuildConsumerWithBrokenReferenceAsync()
    {
        string directory = PackedPackage.CopyConsumer("consumer-with-broken-reference");
        _referencePath = Path.Combine(directory, "references", "broken.json");
        File.WriteAllText(_referencePath, BrokenReference);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), AddBrokenReference);
        _build = await PackedPackage.BuildConsumerAsync(directory).ConfigureAwait(false);
    }

    [Test]
    public void A_broken_reference_fails_the_consumer_build()
    {
        Assert.That(_build!.TimedOut, Is.False, _build.Describe());
        Assert.That(_build.ExitCode, Is.Not.Zero, _build.Describe());
    }

    [Test]
    public void A_broken_reference_is_reported_with_its_path_line_and_column()
    {
        Assert.That(_build!.Output, Does.Contain(_referencePath + "(6,42): error TCGEN001"), _build.Describe());
    }
}
