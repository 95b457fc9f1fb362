using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Taskcluster.Models.Object;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Tests.Models;

/// <summary>A union kind a newer server sends (one this SDK has no branch for) is read, inspected and written back whole.</summary>
public sealed class UnknownUnionKindTests
{
    private const string NewStorage = """{"storageType":"azure","url":"https://blob.example/x","sas":{"expiry":"2027-01-01T00:00:00.000Z"}}""";

    [Test]
    public void An_unknown_kind_reads_as_none_of_the_known_branches_with_its_kind_and_properties()
    {
        var content = JsonSerializer.Deserialize(NewStorage, QueueJsonContext.Default.ArtifactContentResponse)!;

        Assert.That(content, Is.Not.InstanceOf<ArtifactContentResponseS3>()
            .And.Not.InstanceOf<ArtifactContentResponseReference>()
            .And.Not.InstanceOf<ArtifactContentResponseObject>()
            .And.Not.InstanceOf<ArtifactContentResponseError>());
        Assert.That(content.StorageType, Is.EqualTo("azure"));
        Assert.That(content.ExtensionData!.Keys, Is.EquivalentTo(new[] { "url", "sas" }), "the discriminator is not repeated");
        Assert.That(content.ExtensionData["url"].GetString(), Is.EqualTo("https://blob.example/x"));
    }

    [Test]
    public void An_unknown_kind_writes_back_what_was_read()
    {
        var content = JsonSerializer.Deserialize(NewStorage, QueueJsonContext.Default.ArtifactContentResponse)!;

        string written = JsonSerializer.Serialize(content, QueueJsonContext.Default.ArtifactContentResponse);

        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(NewStorage)), Is.True, written);
    }

    [Test]
    public void An_unknown_kind_inside_a_model_does_not_fail_the_model()
    {
        // The object service answering a download with a method this SDK does not know, as a property of nothing
        // else: the union is the whole answer; and inside a list of known kinds.
        var method = JsonSerializer.Deserialize("""{"method":"torrent","magnet":"magnet:?xt=urn:btih:abc"}""", ObjectJsonContext.Default.DownloadObjectResponse)!;

        Assert.That(method, Is.Not.InstanceOf<DownloadObjectResponseGetUrl>().And.Not.InstanceOf<DownloadObjectResponseSimple>());
        Assert.That(method.Method, Is.EqualTo("torrent"));
    }

    [Test]
    public void A_missing_discriminator_is_still_an_error_naming_the_property()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"url":"https://x"}""", QueueJsonContext.Default.ArtifactContentResponse));

        Assert.That(error!.Message, Does.Contain("storageType"));
    }

    [Test]
    public void Known_kinds_still_read_into_their_branch()
    {
        var content = JsonSerializer.Deserialize("""{"storageType":"s3","url":"https://s3.example/x"}""", QueueJsonContext.Default.ArtifactContentResponse);

        Assert.That(content, Is.InstanceOf<ArtifactContentResponseS3>());
        Assert.That(((ArtifactContentResponseS3)content!).Url, Is.EqualTo("https://s3.example/x"));
    }
}
