using System;
using System.CommandLine;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Taskcluster.Cli.Output;
using Taskcluster.Cli.References;

namespace Taskcluster.Cli.Commands;

/// <summary>
/// <c>taskcluster listen &lt;service&gt;/&lt;exchange&gt; [--routing key=value ...]</c>: binds an exclusive queue with
/// the SDK's <see cref="Listener"/> and prints one JSON line per message until Ctrl+C (or <c>--count</c> messages).
/// </summary>
/// <remarks>
/// The broker is named by <c>--amqp</c> or <c>TASKCLUSTER_AMQP</c>, an AMQP URI, the variable the quick start reads
/// too. TaskCluster's root URL does not lead to the broker (deployments run Pulse separately, with credentials of its
/// own), so it is asked for explicitly rather than guessed.
/// </remarks>
internal static class ListenCommand
{
    public const string Name = "listen";
    public const string AmqpVariable = "TASKCLUSTER_AMQP";

    public static Command Create(ServiceCatalog? catalog)
    {
        var amqp = new Option<string?>("--amqp")
        {
            Description = $"The broker's AMQP URI, for example amqp://user:password@pulse.example.com/vhost [default: ${AmqpVariable}]",
            HelpName = "uri",
            Recursive = true,
        };
        var routing = new Option<string[]>("--routing", "-r")
        {
            Description = "A routing-key element to match, as name=value; repeat for several (the others match anything)",
            HelpName = "name=value",
            Recursive = true,
        };
        var count = Counts.PositiveOption("--count", "-n", "Stop after this many messages [default: run until Ctrl+C]");
        count.Recursive = true;

        var command = new Command(Name,
            "Print the messages of an exchange, one JSON line each ({exchange, routingKey, routing, routes, redelivered, payload}), " +
            $"until Ctrl+C. Name the exchange as <service>/<exchange>, for example queue/task-completed; the broker comes from --amqp or ${AmqpVariable}.")
        {
            amqp, routing, count,
        };
        if (catalog is null) return command;

        foreach (var service in catalog.Exchanges)
        {
            var client = service.Reference.CreateExchangeClient();
            foreach (var entry in client.Entries)
            {
                var entryCommand = new DetailedCommand(service.CommandName + "/" + entry.Exchange, entry.Title.Length > 0 ? entry.Title : entry.Name, Details(client, entry));
                CommandActions.Set(entryCommand, (parsed, cancellationToken) => ListenAsync(parsed, client, entry, amqp, routing, count, cancellationToken));
                command.Subcommands.Add(entryCommand);
            }
        }
        return command;
    }

    private static string Details(ExchangeClient client, ExchangeEntry entry)
    {
        var text = new StringBuilder();
        text.Append("Exchange: ").AppendLine(client.ExchangePrefix + entry.Exchange);
        text.AppendLine("Routing-key elements (--routing name=value):");
        foreach (var element in entry.RoutingKey)
        {
            text.Append("  ").Append(element.Name);
            if (element.Constant is not null) text.Append(" (always '").Append(element.Constant).Append("')");
            else if (element.MultipleWords) text.Append(" (several words)");
            text.Append(": ").AppendLine(element.Summary.Trim());
        }
        return text.ToString().TrimEnd();
    }

    private static async Task<int> ListenAsync(
        ParseResult parsed, ExchangeClient client, ExchangeEntry entry, Option<string?> amqpOption, Option<string[]> routingOption,
        Option<int?> countOption, CancellationToken cancellationToken)
    {
        string? amqp = parsed.GetValue(amqpOption);
        if (string.IsNullOrEmpty(amqp)) amqp = Environment.GetEnvironmentVariable(AmqpVariable);
        if (string.IsNullOrEmpty(amqp)) throw new UsageException($"No broker given: set {AmqpVariable} or pass --amqp.");
        var binding = client.Bind(entry.Name, CommandActions.KeyValues(parsed.GetValue(routingOption), "--routing"));
        int? wanted = parsed.GetValue(countOption);

        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new object();
        int printed = 0;
        await using var listener = new Listener(new ListenerOptions { ConnectionString = amqp });
        listener.Error += (_, error) => Console.Error.WriteLine($"taskcluster: listener: {error.Kind}: {error.Exception.Message}");
        listener.OnMessage((message, _) =>
        {
            // Handlers may run concurrently; each line is written whole, and no more than --count of them.
            lock (gate)
            {
                if (wanted is { } limit && printed >= limit) return Task.CompletedTask;
                Console.Out.WriteLine(Line(message));
                Console.Out.Flush();
                if (++printed == wanted) enough.TrySetResult();
            }
            return Task.CompletedTask;
        });
        await listener.BindAsync(binding, cancellationToken).ConfigureAwait(false);
        await listener.ResumeAsync(cancellationToken).ConfigureAwait(false);
        // On stderr, so stdout stays pure JSON lines; a script (or a test) can wait for it before causing events.
        Console.Error.WriteLine($"Listening on {binding.Exchange} with routing key {binding.RoutingKeyPattern}");

        try
        {
            await enough.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C (or SIGTERM) is how a listen is meant to end: not a failure.
        }
        return ExitCodes.Success;
    }

    private static string Line(Message message) => JsonOutput.Line(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("exchange", message.Exchange);
        writer.WriteString("routingKey", message.RoutingKey);
        if (message.Routing is null)
        {
            writer.WriteNull("routing");
        }
        else
        {
            writer.WriteStartObject("routing");
            foreach (var pair in message.Routing) writer.WriteString(pair.Key, pair.Value);
            writer.WriteEndObject();
        }
        writer.WriteStartArray("routes");
        foreach (string route in message.Routes) writer.WriteStringValue(route);
        writer.WriteEndArray();
        writer.WriteBoolean("redelivered", message.Redelivered);
        writer.WritePropertyName("payload");
        message.Payload.WriteTo(writer);
        writer.WriteEndObject();
    });
}
