using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Taskcluster;

// Measures how fast a Listener consumes and acks compared with the simplest correct RabbitMQ.Client 7 consumer
// (AsyncEventingBasicConsumer, manual ack), same broker, queue type, prefetch and messages, alternating rounds so
// both sides see the same machine load. The queue is a quorum queue by default, as a Listener declares its named
// queues on Pulse. Usage: [messages per round] [rounds] [prefetch] [connection string] [quorum|classic]
int messages = args.Length > 0 ? int.Parse(args[0]) : 20_000;
int rounds = args.Length > 1 ? int.Parse(args[1]) : 9;
ushort prefetch = args.Length > 2 ? ushort.Parse(args[2]) : (ushort)50;
string connectionString = args.Length > 3 ? args[3] : "amqp://guest:guest@127.0.0.1:5672/";
var queueType = args.Length > 4 ? Enum.Parse<AmqpQueueType>(args[4], ignoreCase: true) : AmqpQueueType.Quorum;
var timeout = TimeSpan.FromMinutes(2);

var factory = new ConnectionFactory { Uri = new Uri(connectionString), ClientProvidedName = "taskcluster-bench publisher" };
await using var publisher = await factory.CreateConnectionAsync();
Console.WriteLine($"amqp.queue_type {queueType.ToString().ToLowerInvariant()} (prefetch {prefetch}, {messages} messages per round)");
string exchange = $"bench-queue-{Guid.NewGuid():N}/v1/task-completed";
await using (var setup = await publisher.CreateChannelAsync())
{
    await setup.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: false, autoDelete: false);
}

byte[] body = Encoding.UTF8.GetBytes("{\"status\":{\"taskId\":\"TDmgwSHNRkOOFtv8MfBBNg\",\"state\":\"completed\"},\"runId\":0}");
const string RoutingKey = "primary.TDmgwSHNRkOOFtv8MfBBNg.0.wg.wid.prov.wt.sched.group._";
var entry = new ExchangeEntry("taskCompleted", "task-completed", new[]
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

try
{
    // Warm-up: JIT (a full round each, so that tiered compilation has finished), connection set-up paths and the
    // broker's caches, for both sides. With 2,000 messages the listener's first measured round still ran slow.
    await RunListenerAsync(messages);
    await RunRawAsync(messages);
    var listenerRates = new List<double>();
    var rawRates = new List<double>();
    var ratios = new List<double>();
    for (int round = 0; round < rounds; round++)
    {
        // Alternate which side goes first so drift in machine load does not favour one.
        if (round % 2 == 0)
        {
            listenerRates.Add(await RunListenerAsync(messages));
            rawRates.Add(await RunRawAsync(messages));
        }
        else
        {
            rawRates.Add(await RunRawAsync(messages));
            listenerRates.Add(await RunListenerAsync(messages));
        }
        // A round's two sides run back to back, so their ratio cancels most of the machine's drift between rounds.
        ratios.Add(listenerRates[^1] / rawRates[^1]);
        Console.WriteLine($"round {round + 1}: listener {listenerRates[^1]:F0} msg/s, raw {rawRates[^1]:F0} msg/s");
    }
    double listenerMedian = Median(listenerRates);
    double rawMedian = Median(rawRates);
    Console.WriteLine($"amqp.listener_msgs_per_s {listenerMedian:F0}");
    Console.WriteLine($"amqp.raw_msgs_per_s {rawMedian:F0}");
    Console.WriteLine($"amqp.throughput_ratio {Median(ratios):F3}");
}
finally
{
    await using var cleanup = await publisher.CreateChannelAsync();
    await cleanup.ExchangeDeleteAsync(exchange);
}

async Task<string> FillQueueAsync(int count)
{
    // A full Pulse name, which the Listener uses as it is.
    string queue = $"queue/{factory.UserName}/taskcluster-bench/{Guid.NewGuid():N}";
    await using var channel = await publisher.CreateChannelAsync(new CreateChannelOptions(true, true));
    // Declared the way a Listener declares its named queues, so that both sides consume the same kind of queue.
    var arguments = queueType == AmqpQueueType.Quorum ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null;
    await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments);
    await channel.QueueBindAsync(queue, exchange, "primary.#");
    var pending = new List<Task>(1000);
    for (int i = 0; i < count; i++)
    {
        pending.Add(channel.BasicPublishAsync(exchange, RoutingKey, body).AsTask());
        if (pending.Count == 1000)
        {
            await Task.WhenAll(pending);
            pending.Clear();
        }
    }
    await Task.WhenAll(pending);
    return queue;
}

async Task DeleteQueueAsync(string queue)
{
    await using var channel = await publisher.CreateChannelAsync();
    await channel.QueueDeleteAsync(queue);
}

async Task<double> RunListenerAsync(int count)
{
    string queue = await FillQueueAsync(count);
    await using var connection = new Connection(new ConnectionOptions { ConnectionString = connectionString, ClientProvidedName = "taskcluster-bench listener" });
    await connection.ConnectAsync();
    await using var listener = new Listener(new ListenerOptions { Connection = connection, QueueName = queue, Prefetch = prefetch, QueueType = queueType });
    await listener.BindAsync(new Binding(exchange, "primary.#", entry));
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    int seen = 0;
    listener.OnMessage((message, _) =>
    {
        // Touch what a real handler would, so the parsed routing and payload are not dead work.
        if (message.Routing is null || message.Payload.ValueKind != System.Text.Json.JsonValueKind.Object)
            throw new InvalidOperationException("unexpected message");
        if (Interlocked.Increment(ref seen) == count) done.TrySetResult();
        return Task.CompletedTask;
    });
    await listener.ConnectAsync();
    var stopwatch = Stopwatch.StartNew();
    await listener.ResumeAsync();
    await done.Task.WaitAsync(timeout);
    stopwatch.Stop();
    await listener.CloseAsync();
    await DeleteQueueAsync(queue);
    return count / stopwatch.Elapsed.TotalSeconds;
}

async Task<double> RunRawAsync(int count)
{
    string queue = await FillQueueAsync(count);
    await using var connection = await new ConnectionFactory { Uri = new Uri(connectionString), ClientProvidedName = "taskcluster-bench raw" }
        .CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync();
    await channel.BasicQosAsync(0, prefetch, false);
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    int seen = 0;
    var consumer = new AsyncEventingBasicConsumer(channel);
    consumer.ReceivedAsync += async (_, delivery) =>
    {
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        if (Interlocked.Increment(ref seen) == count) done.TrySetResult();
    };
    var stopwatch = Stopwatch.StartNew();
    await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
    await done.Task.WaitAsync(timeout);
    stopwatch.Stop();
    await channel.CloseAsync();
    await DeleteQueueAsync(queue);
    return count / stopwatch.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
