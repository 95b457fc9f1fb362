using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Urls;

/// <summary>The <c>buildUrl</c> vectors, with route arguments percent-encoded where 2014 pasted them raw.</summary>
[TestFixture]
public sealed class BuildUrlVectorTests
{
    /// <summary>
    /// The fixed URL for every vector whose argument 2014 pasted raw (keyed by entry and arguments as JSON). Any
    /// other vector's URL must come out exactly as recorded.
    /// </summary>
    private static readonly Dictionary<string, string> s_fixed = new(StringComparer.Ordinal)
    {
        ["getTask [\"a/b\"]"] = "https://queue.taskcluster.net/v1/task/a%2Fb",
        ["getTask [\"a b\"]"] = "https://queue.taskcluster.net/v1/task/a%20b",
        ["getTask [\"a?b=c\"]"] = "https://queue.taskcluster.net/v1/task/a%3Fb%3Dc",
        ["getTask [\"a#frag\"]"] = "https://queue.taskcluster.net/v1/task/a%23frag",
        ["getTask [\"%41\"]"] = "https://queue.taskcluster.net/v1/task/%2541",
        ["getTask [\"\\u00FC\\u00E6\"]"] = "https://queue.taskcluster.net/v1/task/%C3%BC%C3%A6",
        ["getTask [\"x$\\u0026y\"]"] = "https://queue.taskcluster.net/v1/task/x%24%26y",
        // ' stays as it is, as encodeURIComponent (and so today's JS client) leaves it.
        ["getTask [\"x$\\u0027y\"]"] = "https://queue.taskcluster.net/v1/task/x%24'y",
        ["getArtifact [\"abc\",0,\"public/logs/live log.txt\"]"] =
            "https://queue.taskcluster.net/v1/task/abc/runs/0/artifacts/public%2Flogs%2Flive%20log.txt",
        ["getLastestArtifact [\"abc\",\"public/build/target.tar.gz\"]"] =
            "https://queue.taskcluster.net/v1/task/abc/artifacts/public%2Fbuild%2Ftarget.tar.gz",
        ["info [\"graph/1\"]"] = "https://scheduler.taskcluster.net/v1/task-graph/graph%2F1/info",
    };

    private static bool IsByName(JsonElement v) => !v.GetProperty("method").GetString()!.StartsWith('<');

    private static IEnumerable<TestCaseData> UrlVectors() => Vectors.Cases("buildUrl", v =>
        IsByName(v) && v.TryGetProperty("result", out _) && v.GetProperty("args").EnumerateArray().All(a => Vectors.Arg(a) is not null));

    private static IEnumerable<TestCaseData> CountErrorVectors() => Vectors.Cases("buildUrl", v => IsByName(v) && v.TryGetProperty("error", out _));

    private static IEnumerable<TestCaseData> NullArgumentVectors() => Vectors.Cases("buildUrl", v =>
        IsByName(v) && v.GetProperty("args").EnumerateArray().Any(a => a.ValueKind != JsonValueKind.Object && Vectors.Arg(a) is null));

    private static TestApiClient ClientFor(JsonElement vector)
    {
        string name = vector.GetProperty("client").GetString()!;
        int open = name.IndexOf("(baseUrl=", StringComparison.Ordinal);
        return open < 0
            ? TestApiClient.Create(name)
            : TestApiClient.Create(name.Substring(0, open), new ClientOptions { BaseUrl = name.Substring(open + 9).TrimEnd(')') });
    }

    private static string Key(JsonElement vector)
        => vector.GetProperty("method").GetString() + " " + JsonSerializer.Serialize(vector.GetProperty("args"));

    // An object argument (a payload) cannot go into a URL; it is passed as text so it counts as one argument too many.
    private static string[] Args(JsonElement vector)
        => vector.GetProperty("args").EnumerateArray().Select(a => a.ValueKind == JsonValueKind.Object ? a.GetRawText() : Vectors.Arg(a)!).ToArray();

    [TestCaseSource(nameof(UrlVectors))]
    public void Url_is_the_recorded_one_with_arguments_percent_encoded(JsonElement vector)
    {
        string expected = s_fixed.TryGetValue(Key(vector), out var fixedUrl) ? fixedUrl : vector.GetProperty("result").GetString()!;

        string url = ClientFor(vector).BuildUrl(vector.GetProperty("method").GetString()!, Args(vector));

        Assert.That(url, Is.EqualTo(expected));
    }

    [Test]
    public void Every_fixed_url_belongs_to_a_vector()
    {
        var keys = Vectors.Section("buildUrl").Select(Key).ToHashSet();

        Assert.That(s_fixed.Keys, Is.SubsetOf(keys));
    }

    [TestCaseSource(nameof(CountErrorVectors))]
    public void Wrong_argument_count_is_an_argument_exception_naming_args(JsonElement vector)
    {
        var client = ClientFor(vector);

        var error = Assert.Throws<ArgumentException>(() => client.BuildUrl(vector.GetProperty("method").GetString()!, Args(vector)));

        Assert.That(error!.ParamName, Is.EqualTo("args"));
    }

    [TestCaseSource(nameof(NullArgumentVectors))]
    public void Null_argument_is_an_argument_null_exception_naming_the_route_argument(JsonElement vector)
    {
        var client = ClientFor(vector);
        string entry = vector.GetProperty("method").GetString()!;
        string?[] args = vector.GetProperty("args").EnumerateArray().Select(Vectors.Arg).ToArray();

        var error = Assert.Throws<ArgumentNullException>(() => client.BuildUrl(entry, args!));

        Assert.That(error!.ParamName, Is.EqualTo(client.Entry(entry).Args[Array.IndexOf(args, null)]));
    }

    [Test]
    public void Build_url_without_an_entry_name_is_an_argument_null_exception()
    {
        var client = TestApiClient.Create("Queue");

        var error = Assert.Throws<ArgumentNullException>(() => client.BuildUrl(null!));

        Assert.That(error!.ParamName, Is.EqualTo("entryName"));
    }

    [Test]
    public void Build_url_with_an_unknown_entry_name_is_an_argument_exception()
    {
        var client = TestApiClient.Create("Queue");

        var error = Assert.Throws<ArgumentException>(() => client.BuildUrl("abc"));

        Assert.That(error!.ParamName, Is.EqualTo("entryName"));
    }

    [Test]
    public void Build_url_with_an_entry_of_another_client_is_refused()
    {
        // 2014 built a URL from Auth's route on the Queue's base URL; by name, Queue simply has no "inspect".
        var client = TestApiClient.Create("Queue");

        var error = Assert.Throws<ArgumentException>(() => client.BuildUrl("inspect", "x"));

        Assert.That(error!.ParamName, Is.EqualTo("entryName"));
    }

    [TestCase(".", "https://queue.taskcluster.net/v1/task/%2E")]
    [TestCase("..", "https://queue.taskcluster.net/v1/task/%2E%2E")]
    [TestCase("~a-b_c.d", "https://queue.taskcluster.net/v1/task/~a-b_c.d")]
    public void Dot_segments_are_escaped_and_unreserved_characters_kept(string taskId, string expected)
    {
        var client = TestApiClient.Create("Queue");

        string url = client.BuildUrl("getTask", taskId);

        Assert.That(url, Is.EqualTo(expected));
    }
}
