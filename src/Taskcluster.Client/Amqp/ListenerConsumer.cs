using System;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;

namespace Taskcluster;

/// <summary>
/// The consumer a <see cref="Listener"/> registers on its channel: hands deliveries to the listener with the channel
/// they came on (acks must go back on that channel), and tells it when the broker cancels the consumer.
/// </summary>
/// <remarks>
/// A subclass of RabbitMQ.Client's base consumer rather than its eventing consumer: the listener needs to tell a
/// cancellation by the broker (the queue was deleted) from its own <c>basic.cancel</c>, which the eventing consumer
/// reports the same way.
/// </remarks>
internal sealed class ListenerConsumer : AsyncDefaultBasicConsumer
{
    private readonly Listener _listener;

    public ListenerConsumer(Listener listener, IChannel channel) : base(channel)
    {
        _listener = listener;
    }

    public override Task HandleBasicDeliverAsync(
        string consumerTag, ulong deliveryTag, bool redelivered, string exchange, string routingKey,
        IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        _listener.OnDeliveryAsync(Channel, deliveryTag, redelivered, exchange, routingKey, properties, body);

    public override async Task HandleBasicCancelAsync(string consumerTag, CancellationToken cancellationToken = default)
    {
        await base.HandleBasicCancelAsync(consumerTag, cancellationToken).ConfigureAwait(false);
        await _listener.OnConsumerCancelledAsync(Channel, consumerTag).ConfigureAwait(false);
    }
}
