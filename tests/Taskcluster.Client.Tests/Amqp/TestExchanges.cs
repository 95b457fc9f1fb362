using System.Collections.Generic;
using System.Linq;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// Stand-in for the generated QueueEvents: the queue's task exchanges as in references/apis.json, built through the
/// protected <see cref="ExchangeClient.CreateBinding(ExchangeEntry, IReadOnlyList{string?})"/> like generated code.
/// </summary>
internal sealed class TestQueueEvents : ExchangeClient
{
    public static readonly ExchangeEntry TaskCompletedEntry = TaskEntry("taskCompleted", "task-completed");
    public static readonly ExchangeEntry TaskFailedEntry = TaskEntry("taskFailed", "task-failed");
    public static readonly ExchangeEntry TaskPendingEntry = TaskEntry("taskPending", "task-pending");

    public TestQueueEvents(string? exchangePrefix = null)
        : base("queue/v1/", new[] { TaskCompletedEntry, TaskFailedEntry, TaskPendingEntry }, new ClientOptions { ExchangePrefix = exchangePrefix })
    {
    }

    public Binding TaskCompleted(string? taskId = null, string? runId = null) => CreateBinding(TaskCompletedEntry, TaskValues(taskId, runId));

    public Binding TaskCompleted(RoutingPattern pattern) => CreateBinding(TaskCompletedEntry, pattern);

    public Binding TaskFailed(string? taskId = null) => CreateBinding(TaskFailedEntry, TaskValues(taskId, null));

    public string ExchangeOf(ExchangeEntry entry) => ExchangePrefix + entry.Exchange;

    private static string?[] TaskValues(string? taskId, string? runId)
    {
        var values = new string?[10];
        values[1] = taskId;
        values[2] = runId;
        return values;
    }

    private static ExchangeEntry TaskEntry(string name, string exchange) => new(name, exchange, new[]
    {
        new RoutingKeyElement("routingKeyKind", "", "primary", true, false, 7),
        new RoutingKeyElement("taskId", "", null, true, false, 22),
        new RoutingKeyElement("runId", "", null, true, false, 3),
        new RoutingKeyElement("workerGroup", "", null, true, false, 22),
        new RoutingKeyElement("workerId", "", null, true, false, 22),
        new RoutingKeyElement("provisionerId", "", null, true, false, 22),
        new RoutingKeyElement("workerType", "", null, true, false, 22),
        new RoutingKeyElement("schedulerId", "", null, true, false, 22),
        new RoutingKeyElement("taskGroupId", "", null, true, false, 22),
        new RoutingKeyElement("reserved", "", null, false, true, 1),
    });
}

/// <summary>The vectors' MOCK_REFERENCE (routingKeyPatternsMockReference): a multi-word key in the middle, and none.</summary>
internal sealed class MockReferenceEvents : ExchangeClient
{
    public static readonly ExchangeEntry TestExchangeEntry = new("testExchange", "test-exchange", new[]
    {
        new RoutingKeyElement("const", "Constant test", "my-constant", false, false, 0),
        new RoutingKeyElement("testId", "", null, true, false, 22),
        new RoutingKeyElement("taskRoutingKey", "", null, true, true, 128),
        new RoutingKeyElement("state", "", null, false, false, 16),
        new RoutingKeyElement("index", "", null, false, false, 3),
    });

    public static readonly ExchangeEntry NoMultiEntry = new("noMulti", "no-multi", new[]
    {
        new RoutingKeyElement("a", "", null, true, false, 0),
        new RoutingKeyElement("b", "", null, false, false, 0),
    });

    public MockReferenceEvents() : base("taskcluster-client/test/", new[] { TestExchangeEntry, NoMultiEntry }, null)
    {
    }

    public Binding TestExchange(string? testId = null, string? taskRoutingKey = null, string? state = null, string? index = null) =>
        CreateBinding(TestExchangeEntry, new[] { null, testId, taskRoutingKey, state, index });

    public Binding NoMulti(string? a = null, string? b = null) => CreateBinding(NoMultiEntry, new[] { a, b });

    /// <summary>The entry (of either test client) whose full exchange name is <paramref name="exchange"/>.</summary>
    public static ExchangeEntry? FindByExchange(string exchange)
    {
        var queue = new TestQueueEvents();
        var mock = new MockReferenceEvents();
        return queue.Entries.FirstOrDefault(e => queue.ExchangePrefix + e.Exchange == exchange)
            ?? mock.Entries.FirstOrDefault(e => mock.ExchangePrefix + e.Exchange == exchange);
    }
}
