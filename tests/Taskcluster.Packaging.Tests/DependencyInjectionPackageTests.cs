using System.IO.Compression;
using System.Xml.Linq;

namespace Taskcluster.Packaging.Tests;

/// <summary>What the packed Taskcluster.Client.Extensions.DependencyInjection package holds and depends on.</summary>
[TestFixture]
public sealed class DependencyInjectionPackageTests
{
    private static XElement Metadata()
    {
        using var zip = ZipFile.OpenRead(PackedPackage.DependencyInjectionPackagePath);
        using var stream = zip.GetEntry("Taskcluster.Client.Extensions.DependencyInjection.nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    [Test]
    public void It_depends_on_exactly_this_Taskcluster_Client_and_the_Microsoft_Extensions_it_uses()
    {
        var dependencies = Metadata().Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);

        Assert.That(dependencies.Keys, Is.EquivalentTo(new[]
        {
            "Taskcluster.Client", "Microsoft.Extensions.Http", "Microsoft.Extensions.Options.ConfigurationExtensions",
            "Microsoft.Extensions.Logging.Abstractions",
        }));
        Assert.That(dependencies["Taskcluster.Client"], Is.EqualTo(PackedPackage.Version));
    }

    [Test]
    public void It_carries_its_assembly_and_xml_docs_for_net8()
    {
        using var zip = ZipFile.OpenRead(PackedPackage.DependencyInjectionPackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToList();

        Assert.That(entries, Does.Contain("lib/net8.0/Taskcluster.Client.Extensions.DependencyInjection.dll")
            .And.Contain("lib/net8.0/Taskcluster.Client.Extensions.DependencyInjection.xml"));
    }
}
