using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;

namespace Taskcluster.Local;

/// <summary>
/// Publishes the stand-in's events to RabbitMQ topic exchanges named and keyed exactly as the exchange references
/// say: the prefix plus the entry's exchange, routing-key words in the reference's order (<c>_</c> where a value is
/// absent), the task's routes CC'ed as <c>route.&lt;route&gt;</c>, persistent, confirmed by the broker.
/// </summary>
internal sealed class EventPublisher : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private EventPublisher(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<EventPublisher> ConnectAsync(
        string connectionString, IEnumerable<ExchangeClient> clients, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString), ClientProvidedName = "taskcluster-local publisher" };
        var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken).ConfigureAwait(false);
            // Declared up front so that listeners can bind before the first event is published.
            foreach (var client in clients)
            {
                foreach (var entry in client.Entries)
                {
                    await channel.ExchangeDeclareAsync(
                        client.ExchangePrefix + entry.Exchange, ExchangeType.Topic, durable: true, autoDelete: false,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            return new EventPublisher(connection, channel);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static string RoutingKey(ExchangeEntry entry, IReadOnlyDictionary<string, string?> values)
    {
        var builder = new StringBuilder();
        foreach (var element in entry.RoutingKey)
        {
            if (builder.Length > 0) builder.Append('.');
            string? value = element.Constant;
            if (value is null && values.TryGetValue(element.Name, out var given)) value = given;
            builder.Append(string.IsNullOrEmpty(value) ? "_" : value);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Publishes <paramref name="message"/>, written with <paramref name="messageType"/>: the metadata of the model of
    /// the exchange's message schema (or of plain JSON for the legacy scheduler, which has no models).
    /// </summary>
    public async Task PublishAsync(
        ExchangeClient client, string entryName, IReadOnlyDictionary<string, string?> routing, object message, JsonTypeInfo messageType,
        IReadOnlyList<string> routes, CancellationToken cancellationToken = default)
    {
        ExchangeEntry? entry = null;
        foreach (var candidate in client.Entries)
        {
            if (candidate.Name == entryName) entry = candidate;
        }
        if (entry is null) throw new InvalidOperationException($"No exchange entry '{entryName}'.");

        var cc = new List<object?>(routes.Count);
        foreach (string route in routes) cc.Add("route." + route);
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            Headers = cc.Count == 0 ? null : new Dictionary<string, object?> { ["CC"] = cc },
        };
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(message, messageType);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _channel.BasicPublishAsync(
                client.ExchangePrefix + entry.Exchange, RoutingKey(entry, routing), mandatory: false, properties, body,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
