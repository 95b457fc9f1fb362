using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Taskcluster;

/// <summary>
/// The listener's <c>ReadAllAsync</c> mode: deliveries wait in a queue of their own until a reading loop takes them,
/// and each is settled by what the loop does next (asks for another: handled; leaves the loop: not handled).
/// </summary>
/// <remarks>
/// The stream is the listener's only handler, so a delivery's handler task is simply "until the loop is done with it".
/// Deliveries that arrive while no loop reads wait (at most the prefetch of them, as they are unacknowledged).
/// </remarks>
internal sealed class MessageStream
{
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _reading;

    /// <summary>The handler the dispatcher calls for every delivery.</summary>
    public Task HandleAsync(Message message, CancellationToken cancellationToken)
    {
        var pending = new Pending(message);
        if (!_pending.Writer.TryWrite(pending)) return Task.FromException(new MessageNotHandledException(seen: false));
        // The listener's token is cancelled when it closes: a message still waiting then goes back to the queue.
        return pending.Settled.WaitAsync(cancellationToken);
    }

    /// <summary>Ends the stream when the listener closes; reading loops finish.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    public async IAsyncEnumerable<Message> ReadAsync(
        Func<CancellationToken, Task> start, Func<Task> stop, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
            throw new InvalidOperationException("Another ReadAllAsync loop is reading this listener; one at a time.");
        Pending? current = null;
        try
        {
            try
            {
                await start(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (_pending.Reader.Completion.IsCompleted)
            {
                // The listener closed while the loop was starting: the loop simply ends, as it would a moment later.
            }
            while (true)
            {
                // Asking for the next message means the loop is done with the current one.
                current?.Handled();
                current = null;
                if (!await _pending.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) yield break;
                if (!_pending.Reader.TryRead(out var next)) continue;
                current = next;
                yield return next.Message;
            }
        }
        finally
        {
            // Leaving the loop by break, exception or cancellation: whether the current message was handled cannot be
            // told apart, so it counts as not handled and goes by the FailedMessagePolicy (requeued once, so a message
            // that keeps breaking the loop is dropped, not looping). The loop stops consuming first, so the waiting
            // messages, which the loop never saw, go back to the queue for other consumers.
            current?.NotHandled(seen: true);
            await stop().ConfigureAwait(false);
            while (_pending.Reader.TryRead(out var waiting)) waiting.NotHandled(seen: false);
            Volatile.Write(ref _reading, 0);
        }
    }

    private sealed class Pending
    {
        private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Pending(Message message) => Message = message;

        public Message Message { get; }

        public Task Settled => _settled.Task;

        public void Handled() => _settled.TrySetResult();

        public void NotHandled(bool seen) => _settled.TrySetException(new MessageNotHandledException(seen));
    }
}

/// <summary>
/// A message a <c>ReadAllAsync</c> loop did not finish: requeued when the loop never saw it, settled by the
/// FailedMessagePolicy when the loop left while holding it. Never reported as a handler failure.
/// </summary>
internal sealed class MessageNotHandledException : Exception
{
    public MessageNotHandledException(bool seen)
        : base(seen ? "The reading loop ended while holding the message." : "The reading loop never took the message.")
    {
        Seen = seen;
    }

    public bool Seen { get; }
}
