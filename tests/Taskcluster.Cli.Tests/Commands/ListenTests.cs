using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Taskcluster.Cli.Tests.Infrastructure;

namespace Taskcluster.Cli.Tests.Commands;

/// <summary>
/// <c>taskcluster listen</c> against the local RabbitMQ broker (./scripts/start-rabbitmq.sh), with real events the
/// stand-in publishes when tasks change.
/// </summary>
[TestFixture]
public sealed class ListenTests : StandInFixture
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    protected override bool PublishesEvents => true;

    [OneTimeSetUp]
    public void RequireBroker()
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", 5672);
        }
        catch (SocketException)
        {
            Assert.Fail("No RabbitMQ broker on 127.0.0.1:5672; run ./scripts/start-rabbitmq.sh first.");
        }
    }

    private Dictionary<string, string> ListenEnvironment
    {
        get
        {
            var environment = Environment;
            environment["TASKCLUSTER_AMQP"] = Amqp;
            return environment;
        }
    }

    [Test]
    public async Task A_real_event_is_printed_as_one_JSON_line()
    {
        string taskId = Slugid.Nice();
        using var listen = Tool.Start(ListenEnvironment, "listen", "queue/task-defined", "--routing", "taskId=" + taskId, "--count", "1");
        var stdout = listen.StandardOutput.ReadToEndAsync();
        try
        {
            await WaitUntilListeningAsync(listen);

            await Queue.CreateTaskAsync(taskId, Typed(TaskDefinition(name: "heard")));

            await listen.WaitForExitAsync().WaitAsync(s_wait);
            string[] lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(listen.ExitCode, Is.Zero, await listen.StandardError.ReadToEndAsync());
            Assert.That(lines, Has.Length.EqualTo(1));
            using var message = JsonDocument.Parse(lines[0]);
            var root = message.RootElement;
            Assert.That(root.GetProperty("exchange").GetString(), Is.EqualTo("exchange/taskcluster-queue/v1/task-defined"));
            Assert.That(root.GetProperty("routing").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
            Assert.That(root.GetProperty("routingKey").GetString(), Does.StartWith("primary." + taskId + "."));
            Assert.That(root.GetProperty("payload").GetProperty("status").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
            Assert.That(root.GetProperty("redelivered").GetBoolean(), Is.False);
        }
        finally
        {
            if (!listen.HasExited) listen.Kill();
        }
    }

    [Test]
    public async Task Routing_values_select_which_messages_arrive()
    {
        string wanted = Slugid.Nice(), other = Slugid.Nice();
        using var listen = Tool.Start(ListenEnvironment, "listen", "queue/task-defined", "-r", "taskId=" + wanted, "-n", "1");
        var stdout = listen.StandardOutput.ReadToEndAsync();
        try
        {
            await WaitUntilListeningAsync(listen);

            // Published first, but not bound: only the second task's event may reach the listener.
            await Queue.CreateTaskAsync(other, Typed(TaskDefinition()));
            await Queue.CreateTaskAsync(wanted, Typed(TaskDefinition()));

            await listen.WaitForExitAsync().WaitAsync(s_wait);
            string[] lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1));
            Assert.That(lines[0], Does.Contain(wanted).And.Not.Contain(other));
        }
        finally
        {
            if (!listen.HasExited) listen.Kill();
        }
    }

    [Test]
    public async Task Ctrl_C_ends_listening_with_exit_code_0()
    {
        using var listen = Tool.Start(ListenEnvironment, "listen", "queue/task-completed");
        var stdout = listen.StandardOutput.ReadToEndAsync();
        try
        {
            await WaitUntilListeningAsync(listen);

            Tool.Interrupt(listen);

            await listen.WaitForExitAsync().WaitAsync(s_wait);
            Assert.That(listen.ExitCode, Is.Zero, await listen.StandardError.ReadToEndAsync());
            Assert.That(await stdout, Is.Empty);
        }
        finally
        {
            if (!listen.HasExited) listen.Kill();
        }
    }

    [Test]
    public async Task Help_describes_the_exchanges_and_their_routing_key()
    {
        var list = await Tool.RunAsync(null, "listen", "--help");
        var one = await Tool.RunAsync(null, "listen", "queue/task-completed", "--help");

        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        Assert.That(list.Stdout, Does.Match(@"queue/task-completed\s+Task Completed Messages"));
        Assert.That(list.Stdout, Does.Contain("TASKCLUSTER_AMQP"));
        Assert.That(one.Stdout, Does.Contain("exchange/taskcluster-queue/v1/task-completed"));
        Assert.That(one.Stdout, Does.Contain("taskId:").And.Contain("taskGroupId:"));
    }

    [Test]
    public async Task Without_a_broker_the_tool_says_how_to_give_one_and_exits_2()
    {
        var result = await Tool.RunAsync(Environment, "listen", "queue/task-completed");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("TASKCLUSTER_AMQP").And.Contain("--amqp"));
    }

    [Test]
    public async Task A_routing_element_the_exchange_does_not_have_is_a_usage_error()
    {
        var result = await Tool.RunAsync(ListenEnvironment, "listen", "queue/task-completed", "--routing", "taskid=abc");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("taskid").And.Contain("taskGroupId"));
    }

    [Test]
    public async Task An_unknown_exchange_is_a_usage_error()
    {
        var result = await Tool.RunAsync(ListenEnvironment, "listen", "queue/task-exploded");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
    }

    [Test]
    public async Task A_broker_that_cannot_be_reached_exits_1_without_showing_its_password()
    {
        var result = await Tool.RunAsync(Environment, "listen", "queue/task-completed", "--amqp", "amqp://guest:pw-do-not-show@127.0.0.1:1/");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("127.0.0.1:1").And.Not.Contain("pw-do-not-show"));
    }

    /// <summary>Waits for the line the tool writes on stderr once its queue is bound and consuming.</summary>
    private static async Task WaitUntilListeningAsync(Process listen)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (DateTime.UtcNow < deadline)
        {
            string? line = await listen.StandardError.ReadLineAsync().WaitAsync(deadline - DateTime.UtcNow);
            if (line is null) Assert.Fail($"listen ended before it was listening (exit code {(listen.HasExited ? listen.ExitCode : -1)}).");
            if (line!.StartsWith("Listening on ", StringComparison.Ordinal)) return;
        }
        Assert.Fail("listen did not start listening in time.");
    }
}
