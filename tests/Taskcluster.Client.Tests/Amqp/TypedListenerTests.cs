using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;
using Taskcluster.Models.Queue;
using static Taskcluster.Client.Tests.Amqp.TypedMessages;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>Typed handlers (<c>Listener.OnMessage(Binding&lt;T&gt;, ...)</c>) against the real broker.</summary>
public class TypedListenerTests : AmqpFixture
{
    private string TaskFailedExchange => Events.ExchangeOf(TestQueueEvents.TaskFailedEntry);

    [Test]
    public async Task A_typed_handler_gets_a_task_completed_message_deserialized()
    {
        var listener = NewListener();
        var settled = Settlements.Of(listener, 1);
        var completed = new TypedReceived<TaskCompletedMessage>(listener, Completed(Events.TaskCompleted(taskId: "fN1z2bTRQuK4OvPVo2Ccig")));
        await listener.StartAsync();

        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, RunKey("fN1z2bTRQuK4OvPVo2Ccig", 1, "gecko-t", "i-0deadbeef"),
            Resolved("fN1z2bTRQuK4OvPVo2Ccig", 1, workerGroup: "gecko-t", workerId: "i-0deadbeef").Text());
        await completed.WaitForAsync(1);

        var message = completed.Messages.Single();
        var payload = message.Payload;
        Assert.Multiple(async () =>
        {
            Assert.That(payload.Status.TaskId, Is.EqualTo("fN1z2bTRQuK4OvPVo2Ccig"));
            Assert.That(payload.RunId, Is.EqualTo(1));
            Assert.That(payload.WorkerGroup, Is.EqualTo("gecko-t"));
            Assert.That(payload.WorkerId, Is.EqualTo("i-0deadbeef"));
            Assert.That(payload.Status.State, Is.EqualTo(TaskStatusState.Completed));
            Assert.That(payload.Status.Runs.Select(r => r.RunId), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(payload.Status.Deadline, Is.EqualTo(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero)));
            Assert.That(payload.Task!.Tags["kind"], Is.EqualTo("build"));
            Assert.That(message.Exchange, Is.EqualTo(TaskCompletedExchange));
            Assert.That(message.RoutingKey, Is.EqualTo(RunKey("fN1z2bTRQuK4OvPVo2Ccig", 1, "gecko-t", "i-0deadbeef")));
            Assert.That(message.Routing!["workerGroup"], Is.EqualTo("gecko-t"), "the binding's entry parses the key");
            Assert.That(message.Routes, Is.Empty);
            Assert.That(message.Redelivered, Is.False);
            Assert.That(message.Raw.Payload.GetProperty("runId").GetInt32(), Is.EqualTo(1));
            Assert.That(await settled, Is.EqualTo(new[] { Acknowledgement.Ack }));
        });
    }

    [Test]
    public async Task Two_typed_bindings_on_different_exchanges_each_get_only_theirs()
    {
        var listener = NewListener();
        var settled = Settlements.Of(listener, 3);
        var completed = new TypedReceived<TaskCompletedMessage>(listener, Completed(Events.TaskCompleted()));
        var failed = new TypedReceived<TaskFailedMessage>(listener, Failed(Events.TaskFailed()));
        // An untyped handler too: what a typed binding takes must not reach it as well.
        var untyped = new Received(listener);
        await listener.StartAsync();

        await Broker.PublishAsync(PublishChannel, TaskFailedExchange, RunKey("failedTaskOne", 0), Resolved("failedTaskOne", 0, "failed").Text());
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, RunKey("completedTask", 0), Resolved("completedTask", 0).Text());
        await Broker.PublishAsync(PublishChannel, TaskFailedExchange, RunKey("failedTaskTwo", 0), Resolved("failedTaskTwo", 0, "failed").Text());
        await Task.WhenAll(completed.WaitForAsync(1), failed.WaitForAsync(2));
        var outcomes = await settled;

        Assert.Multiple(() =>
        {
            Assert.That(completed.Messages.Select(m => m.Payload.Status.TaskId), Is.EqualTo(new[] { "completedTask" }));
            Assert.That(failed.Messages.Select(m => m.Payload.Status.TaskId), Is.EquivalentTo(new[] { "failedTaskOne", "failedTaskTwo" }));
            Assert.That(failed.Messages.Select(m => m.Payload.Status.State), Has.All.EqualTo(TaskStatusState.Failed));
            Assert.That(failed.Messages.Select(m => m.Exchange), Has.All.EqualTo(TaskFailedExchange));
            Assert.That(untyped.Messages, Is.Empty);
            Assert.That(outcomes, Has.All.EqualTo(Acknowledgement.Ack));
        });
    }

    [Test]
    public async Task An_untyped_handler_gets_the_messages_no_typed_binding_matches()
    {
        var listener = NewListener();
        var settled = Settlements.Of(listener, 3);
        var typed = new TypedReceived<TaskCompletedMessage>(listener, Completed(Events.TaskCompleted(taskId: "watchedTask")));
        var untyped = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.StartAsync();

        // The untyped ones are not task-completed messages at all: they never go near the typed deserializer.
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("otherTask"), Body(1));
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, RunKey("watchedTask", 0), Resolved("watchedTask", 0).Text());
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("anotherTask"), Body(2));
        var outcomes = await settled;

        Assert.Multiple(() =>
        {
            Assert.That(untyped.Messages.Select(IdOf), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(untyped.Messages.Select(m => m.Routing!["taskId"]), Is.EqualTo(new[] { "otherTask", "anotherTask" }));
            Assert.That(typed.Messages.Select(m => m.Payload.Status.TaskId), Is.EqualTo(new[] { "watchedTask" }));
            Assert.That(outcomes, Has.All.EqualTo(Acknowledgement.Ack));
        });
    }

    [Test]
    public async Task A_ReadAllAsync_loop_gets_the_messages_no_typed_binding_matches()
    {
        var listener = NewListener();
        var typed = new TypedReceived<TaskFailedMessage>(listener, Failed(Events.TaskFailed()));
        await listener.BindAsync(Events.TaskCompleted());
        // Bound, not consuming: the messages wait in the queue until the loop starts consuming.
        await listener.ConnectAsync();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await Broker.PublishAsync(PublishChannel, TaskFailedExchange, RunKey("failedTask", 0), Resolved("failedTask", 0, "failed").Text());
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("b"), Body(2));

        using var cts = new CancellationTokenSource(Broker.Timeout);
        var read = new ConcurrentQueue<int>();
        var loop = Task.Run(async () =>
        {
            await foreach (var message in listener.ReadAllAsync(cts.Token))
            {
                read.Enqueue(IdOf(message));
                if (read.Count == 2) break;
            }
        });
        await typed.WaitForAsync(1);
        await loop.WithTimeout();

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(new[] { 1, 2 }));
            Assert.That(typed.Messages.Select(m => m.Payload.Status.TaskId), Is.EqualTo(new[] { "failedTask" }));
        });
    }

    [Test]
    public async Task A_typed_binding_on_a_cc_ed_route_gets_the_messages_cc_ed_to_it()
    {
        var listener = NewListener();
        var settled = Settlements.Of(listener, 1);
        var typed = new TypedReceived<TaskCompletedMessage>(listener, Completed(Events.TaskCompleted(RoutingPattern.Raw("route.index.project.#"))));
        var untyped = new Received(listener);
        await listener.StartAsync();

        // The delivery keeps the primary key; only the CC header says which route brought it.
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, RunKey("indexedTask", 0), Resolved("indexedTask", 0).Text(),
            cc: new[] { "route.index.project.latest", "route.notify.email" });
        await typed.WaitForAsync(1);

        Assert.Multiple(async () =>
        {
            Assert.That(typed.Messages.Single().Payload.Status.TaskId, Is.EqualTo("indexedTask"));
            Assert.That(typed.Messages.Single().Routes, Is.EqualTo(new[] { "index.project.latest", "notify.email" }));
            Assert.That(untyped.Messages, Is.Empty);
            Assert.That(await settled, Is.EqualTo(new[] { Acknowledgement.Ack }));
        });
    }

    [TestCase(FailedMessagePolicy.RequeueUnlessRedelivered, 2)]
    [TestCase(FailedMessagePolicy.NeverRequeue, 1)]
    public async Task A_payload_missing_status_is_dead_lettered_per_the_policy_and_the_next_message_is_handled(
        FailedMessagePolicy policy, int expectedFailures)
    {
        string deadLetters = $"exchange/{Broker.UserName}/taskcluster-tests/dead-{Guid.NewGuid():N}";
        string deadQueue = UniqueQueueName("typed-dead-letters");
        await using (var setup = await Publisher.CreateChannelAsync())
        {
            await setup.ExchangeDeclareAsync(deadLetters, ExchangeType.Fanout, durable: false, autoDelete: true);
            await setup.QueueDeclareAsync(deadQueue, durable: true, exclusive: false, autoDelete: false);
            await setup.QueueBindAsync(deadQueue, deadLetters, "#");
        }
        string queue = UniqueQueueName("typed-malformed");
        var listener = NewListener(new ListenerOptions
        {
            ConnectionString = Broker.ConnectionString,
            QueueName = queue,
            FailedMessagePolicy = policy,
            DeadLetterExchange = deadLetters,
        });
        var errors = new ConcurrentQueue<AmqpErrorEventArgs>();
        listener.Error += (_, e) => errors.Enqueue(e);
        var settled = Settlements.Of(listener, expectedFailures + 1);
        var typed = new TypedReceived<TaskCompletedMessage>(listener, Completed(Events.TaskCompleted()));
        await listener.StartAsync();

        string malformed = Resolved("brokenTask", 0).Without("status").Text();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, RunKey("brokenTask", 0), malformed);
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, RunKey("goodTask", 0), Resolved("goodTask", 0).Text());
        var outcomes = await settled;
        await typed.WaitForAsync(1);
        await Broker.EventuallyAsync(async () => await Broker.ReadyCountAsync(Publisher, deadQueue) == 1, "the malformed message to be dead-lettered");
        await listener.StopAsync();

        string? deadBody = null;
        await using (var channel = await Publisher.CreateChannelAsync())
        {
            var got = await channel.BasicGetAsync(deadQueue, autoAck: true);
            if (got is not null) deadBody = System.Text.Encoding.UTF8.GetString(got.Body.Span);
        }
        var expectedOutcomes = policy == FailedMessagePolicy.NeverRequeue
            ? new[] { Acknowledgement.NackDiscard, Acknowledgement.Ack }
            : new[] { Acknowledgement.NackRequeue, Acknowledgement.NackDiscard, Acknowledgement.Ack };
        Assert.Multiple(async () =>
        {
            Assert.That(outcomes, Is.EquivalentTo(expectedOutcomes), "nacked per the policy, never acked, never stuck");
            Assert.That(typed.Messages.Select(m => m.Payload.Status.TaskId), Is.EqualTo(new[] { "goodTask" }), "the handler never saw the malformed one");
            Assert.That(errors.Select(e => e.Kind), Is.EqualTo(Enumerable.Repeat(AmqpErrorKind.HandlerFailed, expectedFailures)));
            Assert.That(errors.Select(e => e.Exception), Has.All.InstanceOf<JsonException>());
            Assert.That(errors.First().Exception.Message, Does.Contain("\"status\"").And.Contain("TaskCompletedMessage").And.Contain(RunKey("brokenTask", 0)));
            Assert.That(errors.First().Message!.RoutingKey, Is.EqualTo(RunKey("brokenTask", 0)), "the error carries the message");
            Assert.That(deadBody, Is.EqualTo(malformed));
            Assert.That(await Broker.ReadyCountAsync(Publisher, queue), Is.Zero);
        });
    }

    [Test]
    public async Task A_typed_binding_is_remembered_before_connecting_and_made_when_the_listener_connects()
    {
        var listener = NewListener();
        var binding = Completed(Events.TaskCompleted());
        var typed = new TypedReceived<TaskCompletedMessage>(listener, binding);
        var before = listener.Bindings;

        await listener.StartAsync();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, RunKey("someTask", 0), Resolved("someTask", 0).Text());
        await typed.WaitForAsync(1);

        Assert.That(before, Is.EqualTo(new Binding[] { binding }));
    }

    [Test]
    public async Task A_typed_binding_the_broker_refuses_before_connecting_fails_the_start_like_BindAsync()
    {
        var listener = NewListener();
        string missing = Broker.UniquePrefix("missing") + "task-completed";
        listener.OnMessage(new Binding<TaskCompletedMessage>(missing, "#", null, QueueJsonContext.Default.TaskCompletedMessage), (_, _) => Task.CompletedTask);

        var ex = Assert.ThrowsAsync<AmqpChannelException>(() => listener.StartAsync().WithTimeout());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ReplyCode, Is.EqualTo(404));
            Assert.That(listener.Bindings, Is.Empty, "the refused binding is dropped");
        });
    }

    [Test]
    public async Task A_typed_handler_added_to_a_running_listener_is_bound_in_the_background()
    {
        var listener = NewListener();
        await listener.BindAsync(Events.TaskCompleted());
        await listener.StartAsync();
        var binding = Failed(Events.TaskFailed(taskId: "lateTask"));

        var typed = new TypedReceived<TaskFailedMessage>(listener, binding);
        await Broker.EventuallyAsync(() => Task.FromResult(listener.Bindings.Contains(binding)), "the binding to be made");
        await Broker.PublishAsync(PublishChannel, TaskFailedExchange, RunKey("lateTask", 0), Resolved("lateTask", 0, "failed").Text());
        await typed.WaitForAsync(1);

        Assert.That(typed.Messages.Single().Payload.Status.TaskId, Is.EqualTo("lateTask"));
    }

    [Test]
    public async Task BindAsync_after_OnMessage_waits_for_the_binding_and_it_is_listed_once()
    {
        var listener = NewListener();
        await listener.StartAsync();
        var binding = Failed(Events.TaskFailed(taskId: "lateTask"));

        // OnMessage's background bind takes the listener's gate before returning, so BindAsync runs after it: both
        // have remembered the binding by the time BindAsync returns.
        var typed = new TypedReceived<TaskFailedMessage>(listener, binding);
        await listener.BindAsync(binding);
        await Broker.PublishAsync(PublishChannel, TaskFailedExchange, RunKey("lateTask", 0), Resolved("lateTask", 0, "failed").Text());
        await typed.WaitForAsync(1);

        Assert.That(listener.Bindings.Count(b => ReferenceEquals(b, binding)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_typed_binding_the_broker_refuses_on_a_running_listener_is_reported_and_the_listener_carries_on()
    {
        var listener = NewListener();
        var errors = new ConcurrentQueue<AmqpErrorEventArgs>();
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Error += (_, e) =>
        {
            errors.Enqueue(e);
            if (e.Exception is AmqpChannelException { ReplyCode: 404 }) reported.TrySetResult();
        };
        var received = new Received(listener);
        await listener.BindAsync(Events.TaskCompleted());
        await listener.StartAsync();
        var missing = new Binding<TaskCompletedMessage>(Broker.UniquePrefix("missing") + "task-completed", "#", null,
            QueueJsonContext.Default.TaskCompletedMessage);

        listener.OnMessage(missing, (_, _) => Task.CompletedTask);
        await reported.Task.WithTimeout();
        await Broker.PublishAsync(PublishChannel, TaskCompletedExchange, Key("a"), Body(1));
        await received.WaitForAsync(1);

        Assert.Multiple(() =>
        {
            var refusal = errors.First(e => e.Exception is AmqpChannelException { ReplyCode: 404 });
            Assert.That(refusal.Kind, Is.EqualTo(AmqpErrorKind.Channel));
            Assert.That(refusal.Exception.Message, Does.Contain(missing.Exchange));
            Assert.That(listener.Bindings, Does.Not.Contain(missing));
            Assert.That(received.Messages.Select(IdOf), Is.EqualTo(new[] { 1 }), "the listener still consumes");
        });
    }

}
