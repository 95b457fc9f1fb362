using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Taskcluster.Cli.Tests.Infrastructure;

namespace Taskcluster.Cli.Tests.Commands;

/// <summary><c>taskcluster signed-url</c>: URLs with a bewit that work without credentials.</summary>
[TestFixture]
public sealed class SignedUrlTests : StandInFixture
{
    [Test]
    public async Task The_signed_url_fetches_the_entry_without_credentials()
    {
        string taskId = await CreateTaskAsync(name: "signed");

        var result = await Tool.RunAsync(Environment, "signed-url", "queue", "task", taskId);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string url = result.Stdout.Trim();
        Assert.That(url, Does.StartWith(StandIn.RootUrl + "/api/queue/v1/task/" + taskId + "?bewit="));
        using var response = await Http.GetAsync(url);   // no Authorization header
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"signed\""));
    }

    [Test]
    public async Task Expires_sets_how_long_the_bewit_is_valid()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var result = await Tool.RunAsync(Environment, "signed-url", "queue", "task", Slugid.Nice(), "--expires", "2 hours");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(BewitExpiry(result.Stdout.Trim()) - now, Is.EqualTo(2 * 3600).Within(60));
    }

    [Test]
    public async Task The_default_lifetime_is_fifteen_minutes()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var result = await Tool.RunAsync(Environment, "signed-url", "queue", "task", Slugid.Nice());

        Assert.That(BewitExpiry(result.Stdout.Trim()) - now, Is.EqualTo(15 * 60).Within(60));
    }

    [Test]
    public async Task Query_parameters_are_signed_with_the_url()
    {
        string group = Slugid.Nice();
        await CreateTaskAsync(group);
        await CreateTaskAsync(group);

        var result = await Tool.RunAsync(Environment, "signed-url", "queue", "listTaskGroup", group, "--query", "limit=1");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("limit=1"));
        using var response = await Http.GetAsync(result.Stdout.Trim());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("queue", "createTask", "x")]    // a PUT: nothing a URL can do
    [TestCase("queue", "nothing", "x")]
    public async Task Only_GET_entries_can_be_signed(params string[] arguments)
    {
        var result = await Tool.RunAsync(Environment, new[] { "signed-url" }.Concat(arguments).ToArray());

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
    }

    [Test]
    public async Task Signing_without_credentials_is_a_usage_error()
    {
        var environment = new Dictionary<string, string> { ["TASKCLUSTER_ROOT_URL"] = StandIn.RootUrl };

        var result = await Tool.RunAsync(environment, "signed-url", "queue", "task", Slugid.Nice());

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("TASKCLUSTER_CLIENT_ID"));
    }

    [TestCase("soon")]
    [TestCase("-5 minutes")]
    public async Task An_expiry_that_is_not_a_future_duration_is_a_usage_error(string expires)
    {
        var result = await Tool.RunAsync(Environment, "signed-url", "queue", "task", Slugid.Nice(), "--expires", expires);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("--expires"));
    }

    /// <summary>The expiry (Unix seconds) in a URL's bewit: base64url of <c>id\exp\mac\ext</c>.</summary>
    private static long BewitExpiry(string url)
    {
        string bewit = Regex.Match(url, "[?&]bewit=([^&]+)").Groups[1].Value.Replace('-', '+').Replace('_', '/');
        bewit = bewit.PadRight(bewit.Length + (4 - bewit.Length % 4) % 4, '=');
        return long.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(bewit)).Split('\\')[1]);
    }
}
