using System.Text.Json;
using Taskcluster.Cli.Tests.Infrastructure;

namespace Taskcluster.Cli.Tests.Commands;

/// <summary><c>taskcluster api &lt;service&gt; &lt;entry&gt;</c> against the stand-in, and the configuration every call shares.</summary>
[TestFixture]
public sealed class ApiTests : StandInFixture
{
    [Test]
    public async Task CreateTask_takes_its_payload_from_stdin_and_prints_the_result()
    {
        string taskId = Slugid.Nice();
        string payload = TaskDefinition(name: "made through api").ToJsonString();

        var result = await Tool.RunWithInputAsync(Environment, payload, "api", "queue", "createTask", taskId);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var printed = JsonDocument.Parse(result.Stdout);
        Assert.That(printed.RootElement.GetProperty("status").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
        var stored = await Queue.TaskAsync(taskId);
        Assert.That(stored.Metadata.Name, Is.EqualTo("made through api"));
    }

    [Test]
    public async Task Query_parameters_are_passed_by_name()
    {
        string group = Slugid.Nice();
        for (int i = 0; i < 3; i++) await CreateTaskAsync(group);

        var result = await Tool.RunAsync(Environment, "api", "queue", "listTaskGroup", group, "--query", "limit=2");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var page = JsonDocument.Parse(result.Stdout);
        Assert.That(page.RootElement.GetProperty("tasks").GetArrayLength(), Is.EqualTo(2));
        Assert.That(page.RootElement.TryGetProperty("continuationToken", out _), Is.True, "a limited page should say where the next one starts");
    }

    [Test]
    public async Task Entries_without_arguments_or_payload_work_on_other_services()
    {
        var result = await Tool.RunAsync(Environment, "api", "auth", "currentScopes");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var scopes = JsonDocument.Parse(result.Stdout);
        Assert.That(scopes.RootElement.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "*" }));
    }

    [Test]
    public async Task Help_lists_the_services_and_their_entries_from_the_references()
    {
        var services = await Tool.RunAsync(null, "api", "--help");
        var queue = await Tool.RunAsync(null, "api", "queue", "--help");

        Assert.That(services.ExitCode, Is.Zero, services.ToString());
        foreach (string service in new[] { "auth", "github", "hooks", "index", "notify", "object", "purge-cache", "queue", "secrets", "worker-manager" })
            Assert.That(services.Stdout, Does.Contain(service), service);
        Assert.That(queue.ExitCode, Is.Zero, queue.ToString());
        Assert.That(queue.Stdout, Does.Match(@"createTask <taskId>\s+Create New Task"));
        Assert.That(queue.Stdout, Does.Match(@"listTaskGroup <taskGroupId>\s+List Task Group"));
    }

    [Test]
    public async Task Help_for_an_entry_shows_its_title_arguments_scopes_and_query()
    {
        var createTask = await Tool.RunAsync(null, "api", "queue", "createTask", "--help");
        var listTaskGroup = await Tool.RunAsync(null, "api", "queue", "listTaskGroup", "--help");

        Assert.That(createTask.ExitCode, Is.Zero, createTask.ToString());
        Assert.That(createTask.Stdout, Does.Contain("Create New Task"));
        Assert.That(createTask.Stdout, Does.Contain("<taskId>"));
        Assert.That(createTask.Stdout, Does.Contain("PUT /task/<taskId>"));
        Assert.That(createTask.Stdout, Does.Contain("Scopes: all of:").And.Contain("queue:create-task:project:<projectId>"));
        Assert.That(createTask.Stdout, Does.Contain("Payload: JSON on standard input"));
        Assert.That(listTaskGroup.Stdout, Does.Contain("Scopes: queue:list-task-group:<taskGroupId>"));
        Assert.That(listTaskGroup.Stdout, Does.Contain("continuationToken, limit"));
    }

    [Test]
    public async Task A_failed_call_exits_1_with_the_server_message_on_stderr()
    {
        string missing = Slugid.Nice();
        var expected = Assert.ThrowsAsync<TaskclusterException>(() => Queue.TaskAsync(missing))!;

        var result = await Tool.RunAsync(Environment, "api", "queue", "task", missing);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(expected.ServerMessage, Is.Not.Null.And.Not.Empty);
        Assert.That(result.Stderr, Does.Contain(expected.ServerMessage!));
        Assert.That(result.Stderr, Does.Contain("ResourceNotFound"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task A_call_refused_for_missing_scopes_exits_1_with_the_server_message()
    {
        // Good credentials, too few scopes: a failure of the call, not of the command line.
        var payload = TaskDefinition().ToJsonString();
        var result = await Tool.RunWithInputAsync(Environment, payload, "api", "queue", "createTask", Slugid.Nice(),
            "--client-id", LimitedClient.ClientId, "--access-token", LimitedClient.AccessToken);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("403").And.Contain("InsufficientScopes"));
        Assert.That(result.Stderr, Does.Contain("queue:create-task"), "the server's message names the scopes it wanted");
    }

    [TestCase("{ not json")]
    [TestCase("")]
    public async Task A_payload_that_is_not_JSON_is_a_usage_error_and_nothing_is_sent(string payload)
    {
        string taskId = Slugid.Nice();

        var result = await Tool.RunWithInputAsync(Environment, payload, "api", "queue", "createTask", taskId);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("JSON"));
        Assert.ThrowsAsync<TaskclusterException>(() => Queue.TaskAsync(taskId));
    }

    [Test]
    public async Task A_query_parameter_the_entry_does_not_have_is_a_usage_error()
    {
        var result = await Tool.RunAsync(Environment, "api", "queue", "listTaskGroup", Slugid.Nice(), "--query", "limt=2");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("limt").And.Contain("continuationToken, limit"));
    }

    [TestCase("api", "no-such-service", "ping")]
    [TestCase("api", "queue", "noSuchEntry")]
    [TestCase("api", "queue", "task")]                       // missing <taskId>
    [TestCase("api", "queue", "listTaskGroup", "g", "--query", "limit")] // not name=value
    public async Task A_command_line_that_names_nothing_callable_exits_2(params string[] arguments)
    {
        var result = await Tool.RunAsync(Environment, arguments);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Is.Not.Empty);
    }

    [Test]
    public async Task Without_a_root_url_the_tool_says_how_to_give_one_and_exits_2()
    {
        var result = await Tool.RunAsync(null, "api", "queue", "task", Slugid.Nice());

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("TASKCLUSTER_ROOT_URL").And.Contain("--root-url"));
    }

    [Test]
    public async Task Options_override_the_environment()
    {
        var wrong = new Dictionary<string, string>
        {
            ["TASKCLUSTER_ROOT_URL"] = "http://127.0.0.1:1",
            ["TASKCLUSTER_CLIENT_ID"] = "nobody",
            ["TASKCLUSTER_ACCESS_TOKEN"] = "nothing",
        };

        var result = await Tool.RunAsync(wrong, "api", "auth", "currentScopes", "--root-url", StandIn.RootUrl,
            "--client-id", StandIn.RootClient.ClientId, "--access-token", StandIn.RootClient.AccessToken);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("\"*\""));
    }

    [Test]
    public async Task Temporary_credentials_are_read_from_TASKCLUSTER_CERTIFICATE()
    {
        var temporary = StandIn.RootClient.Credentials.CreateTemporary(new TemporaryCredentialsOptions
        {
            Scopes = new[] { "auth:current-scopes", "queue:get-task:*" },
            Expiry = DateTimeOffset.UtcNow.AddHours(1),
        });
        var environment = Environment;
        environment["TASKCLUSTER_ACCESS_TOKEN"] = temporary.AccessToken;
        environment["TASKCLUSTER_CERTIFICATE"] = temporary.Certificate!;

        var result = await Tool.RunAsync(environment, "api", "auth", "currentScopes");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var scopes = JsonDocument.Parse(result.Stdout);
        Assert.That(scopes.RootElement.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "auth:current-scopes", "queue:get-task:*" }));
    }

    [Test]
    public async Task Half_a_pair_of_credentials_is_a_usage_error()
    {
        var environment = Environment;
        environment.Remove("TASKCLUSTER_CLIENT_ID");

        var result = await Tool.RunAsync(environment, "api", "auth", "currentScopes");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("client id"));
    }

    [Test]
    public async Task The_access_token_never_appears_in_any_output()
    {
        const string token = "tok-9f3a1c77e2b64d0d-never-print-me";
        var environment = Environment;
        environment["TASKCLUSTER_ACCESS_TOKEN"] = token;
        var runs = new List<ToolResult>
        {
            await Tool.RunAsync(environment, "api", "auth", "currentScopes"),                        // 401: bad MAC
            await Tool.RunAsync(environment, "api", "queue", "task", Slugid.Nice()),                   // 401
            await Tool.RunAsync(environment, "task", "status", Slugid.Nice(), "--root-url", "http://127.0.0.1:1"), // unreachable
            await Tool.RunAsync(null, "api", "auth", "currentScopes", "--access-token", token),      // half a pair
            await Tool.RunAsync(environment, "signed-url", "queue", "task", Slugid.Nice()),            // works: a bewit, not the token
            await Tool.RunAsync(environment, "api", "auth", "currentScopes", "--certificate", "not json"),
        };

        foreach (var run in runs)
        {
            Assert.That(run.Stdout + run.Stderr, Does.Not.Contain(token), run.ToString());
        }
        Assert.That(runs.Select(r => r.ExitCode), Is.EqualTo(new[] { 1, 1, 1, 2, 0, 2 }), string.Join("\n", runs));
    }
}
