using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Resilience;

/// <summary>
/// The reusable per-attempt timeout: its timer is armed lazily and looks at whichever attempt is running when it
/// fires, so these tests check that every attempt gets its whole timeout, no more and no less, however attempts follow
/// one another.
/// </summary>
[TestFixture]
public sealed class AttemptTimeoutTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    [Test]
    public async Task An_attempt_that_runs_past_its_timeout_is_cancelled_after_the_whole_timeout()
    {
        using var watch = new AttemptTimeout();
        var clock = Stopwatch.StartNew();

        var token = watch.Start(TimeSpan.FromMilliseconds(200));
        var elapsed = await CancelledAfter(token, clock);

        Assert.Multiple(() =>
        {
            Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(elapsed, Is.LessThan(Generous));
            Assert.That(watch.Stop(), Is.False, "a watch that cancelled is spent");
        });
    }

    [Test]
    public async Task Short_attempts_in_a_row_are_never_cancelled_and_a_stuck_one_still_gets_its_whole_timeout()
    {
        using var watch = new AttemptTimeout();
        var timeout = TimeSpan.FromMilliseconds(300);
        var series = Stopwatch.StartNew();
        int attempts = 0;
        // Over three timeout periods of short attempts: the timer fires during some of them and must only re-arm.
        while (series.Elapsed < TimeSpan.FromMilliseconds(900))
        {
            var token = watch.Start(timeout);
            await Task.Delay(15);
            Assert.That(token.IsCancellationRequested, Is.False, $"attempt {attempts} was cancelled after 15 ms");
            Assert.That(watch.Stop(), Is.True);
            attempts++;
        }

        var stuck = Stopwatch.StartNew();
        var stuckToken = watch.Start(timeout);
        var elapsed = await CancelledAfter(stuckToken, stuck);

        Assert.Multiple(() =>
        {
            Assert.That(attempts, Is.GreaterThan(10));
            Assert.That(elapsed, Is.GreaterThanOrEqualTo(timeout), "the stuck attempt was cut off early, by a timer armed for an earlier one");
            Assert.That(elapsed, Is.LessThan(Generous));
        });
    }

    [Test]
    public async Task A_watch_with_no_attempt_running_cancels_nothing()
    {
        using var watch = new AttemptTimeout();
        var token = watch.Start(TimeSpan.FromMilliseconds(100));
        Assert.That(watch.Stop(), Is.True);

        await Task.Delay(400);

        Assert.That(token.IsCancellationRequested, Is.False);
        var next = watch.Start(TimeSpan.FromSeconds(30));
        Assert.That(next.IsCancellationRequested, Is.False);
        Assert.That(watch.Stop(), Is.True);
    }

    [Test]
    public async Task A_shorter_timeout_than_the_one_the_timer_is_armed_for_fires_on_time()
    {
        using var watch = new AttemptTimeout();
        watch.Start(TimeSpan.FromSeconds(30));
        Assert.That(watch.Stop(), Is.True);

        var clock = Stopwatch.StartNew();
        var token = watch.Start(TimeSpan.FromMilliseconds(150));
        var elapsed = await CancelledAfter(token, clock);

        Assert.That(elapsed, Is.InRange(TimeSpan.FromMilliseconds(150), Generous));
    }

    [Test]
    public void Attempts_ending_around_their_deadline_are_never_cancelled_before_it()
    {
        // Attempts that end just before, at or just after their deadline race the timer's callback. Whatever wins,
        // a cancelled token must belong to an attempt that had run its whole timeout when it was cancelled: a
        // callback that read an earlier attempt's deadline must never cancel the next attempt.
        var timeout = TimeSpan.FromMilliseconds(5);
        var random = new Random(7);
        int cancelled = 0, completed = 0;
        var watch = new AttemptTimeout();
        for (int i = 0; i < 400; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var token = watch.Start(timeout);
            long cancelledAt = 0;
            using (token.Register(() => Volatile.Write(ref cancelledAt, Stopwatch.GetTimestamp())))
            {
                SpinFor(TimeSpan.FromMilliseconds(random.Next(0, 9)));
                if (watch.Stop())
                {
                    completed++;
                    continue;
                }
            }
            // Spent: it cancelled. Wait for the cancellation to finish, then check when it happened.
            SpinWait.SpinUntil(() => Volatile.Read(ref cancelledAt) != 0, Generous);
            Assert.That(Stopwatch.GetElapsedTime(started, Volatile.Read(ref cancelledAt)), Is.GreaterThanOrEqualTo(timeout), $"attempt {i}");
            cancelled++;
            watch.Dispose();
            watch = new AttemptTimeout();
        }
        watch.Dispose();

        // Both outcomes must have happened for the race to have been exercised.
        Assert.That(cancelled, Is.GreaterThan(0));
        Assert.That(completed, Is.GreaterThan(0));
    }

    /// <summary>How long after <paramref name="clock"/> was started <paramref name="token"/> got cancelled.</summary>
    private static async Task<TimeSpan> CancelledAfter(CancellationToken token, Stopwatch clock)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TimeSpan at = default;
        using (token.Register(() =>
        {
            at = clock.Elapsed;
            cancelled.TrySetResult();
        }))
        {
            var finished = await Task.WhenAny(cancelled.Task, Task.Delay(Generous * 2));
            Assert.That(finished, Is.SameAs(cancelled.Task), "the token was never cancelled");
        }
        return at;
    }

    private static void SpinFor(TimeSpan duration)
    {
        long end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end) Thread.SpinWait(20);
    }
}
