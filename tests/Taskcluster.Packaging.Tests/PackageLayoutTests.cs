using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Taskcluster.Packaging.Tests;

/// <summary>What the packed .nupkg holds, read as the zip file it is.</summary>
[TestFixture]
public sealed class PackageLayoutTests
{
    private string[] _entries = Array.Empty<string>();
    private XElement _metadata = new XElement("metadata");

    [OneTimeSetUp]
    public void ReadPackage()
    {
        using var zip = ZipFile.OpenRead(PackedPackage.PackagePath);
        _entries = zip.Entries.Select(e => e.FullName).ToArray();
        var nuspec = XDocument.Load(Open(zip, "Taskcluster.Client.nuspec"));
        _metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    [Test]
    public void The_generator_is_the_only_analyzer_in_the_package()
    {
        var analyzers = _entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal));

        Assert.That(analyzers, Is.EqualTo(new[] { "analyzers/dotnet/cs/Taskcluster.Generators.dll" }));
    }

    [Test]
    public void The_packaged_generator_targets_netstandard2_0_so_every_compiler_can_load_it()
    {
        using var zip = ZipFile.OpenRead(PackedPackage.PackagePath);
        using var copy = new MemoryStream();
        using (var dll = Open(zip, "analyzers/dotnet/cs/Taskcluster.Generators.dll")) dll.CopyTo(copy);
        copy.Position = 0;

        string? framework = TargetFramework(copy);

        Assert.That(framework, Is.EqualTo(".NETStandard,Version=v2.0"));
    }

    [Test]
    public void The_runtime_assembly_ships_for_net8_0()
    {
        Assert.That(_entries, Does.Contain("lib/net8.0/Taskcluster.Client.dll"));
    }

    [Test]
    public void The_runtime_assembly_ships_with_its_xml_docs()
    {
        Assert.That(_entries, Does.Contain("lib/net8.0/Taskcluster.Client.xml"));
    }

    [Test]
    public void The_xml_docs_document_the_builtin_generated_clients()
    {
        using var zip = ZipFile.OpenRead(PackedPackage.PackagePath);
        var docs = XDocument.Load(Open(zip, "lib/net8.0/Taskcluster.Client.xml"));

        var members = docs.Descendants("member").Select(m => (string?)m.Attribute("name")).ToList();

        Assert.That(members, Does.Contain("T:Taskcluster.Queue").And.Contain("T:Taskcluster.QueueEvents"));
    }

    [Test]
    public void The_transitive_build_props_show_the_reference_metadata_to_the_generator()
    {
        using var zip = ZipFile.OpenRead(PackedPackage.PackagePath);
        var props = XDocument.Load(Open(zip, "buildTransitive/Taskcluster.Client.props"));

        var visible = props.Descendants()
            .Where(e => e.Name.LocalName == "CompilerVisibleItemMetadata")
            .Select(e => (string?)e.Attribute("Include") + "." + (string?)e.Attribute("MetadataName"));

        Assert.That(visible, Is.EquivalentTo(new[] { "AdditionalFiles.TaskclusterReference", "AdditionalFiles.ClassName", "AdditionalFiles.Namespace", "AdditionalFiles.TaskclusterSchema" }));
    }

    [Test]
    public void The_build_props_for_older_NuGet_clients_import_the_transitive_ones()
    {
        using var zip = ZipFile.OpenRead(PackedPackage.PackagePath);
        var props = XDocument.Load(Open(zip, "build/Taskcluster.Client.props"));

        var imports = props.Descendants().Where(e => e.Name.LocalName == "Import").Select(e => (string?)e.Attribute("Project"));

        Assert.That(imports, Is.EqualTo(new[] { "$(MSBuildThisFileDirectory)../buildTransitive/Taskcluster.Client.props" }));
    }

    [Test]
    public void The_package_depends_on_RabbitMQ_Client_only()
    {
        var dependencies = _metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string?)e.Attribute("id"));

        Assert.That(dependencies, Is.EqualTo(new[] { "RabbitMQ.Client" }));
    }

    [Test]
    public void The_package_has_the_version_it_was_packed_with()
    {
        Assert.That(Metadata("version"), Is.EqualTo(PackedPackage.Version));
    }

    [Test]
    public void The_package_is_licensed_MPL_2_0_by_expression()
    {
        var license = _metadata.Elements().Single(e => e.Name.LocalName == "license");

        Assert.That(((string?)license.Attribute("type"), license.Value), Is.EqualTo(("expression", "MPL-2.0")));
    }

    [Test]
    public void The_package_readme_is_the_repository_readme()
    {
        using var zip = ZipFile.OpenRead(PackedPackage.PackagePath);
        string packed = new StreamReader(Open(zip, "README.md")).ReadToEnd();
        string repository = File.ReadAllText(Path.Combine(Infrastructure.RepositoryPaths.Root, "README.md"));

        Assert.That((Metadata("readme"), packed), Is.EqualTo(("README.md", repository)));
    }

    [Test]
    public void The_package_carries_the_notice()
    {
        Assert.That(_entries, Does.Contain("NOTICE"));
    }

    private string? Metadata(string name) => _metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static Stream Open(ZipArchive zip, string entry) =>
        (zip.GetEntry(entry) ?? throw new AssertionException($"The package has no {entry}.")).Open();

    private static string? TargetFramework(Stream assembly)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (reader.GetString(type.Name) != "TargetFrameworkAttribute") continue;
            // The blob is the prolog (2 bytes) then the constructor's one string argument.
            var blob = reader.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            return blob.ReadSerializedString();
        }
        return null;
    }
}
