using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Taskcluster.Cli.Output;

/// <summary>
/// A one-line progress display for a download on a terminal: bytes so far, rate and a moving marker, redrawn in place
/// at most ten times a second. The queue does not say how large an artifact is before its content arrives, so the
/// bar shows activity rather than a percentage.
/// </summary>
/// <remarks>
/// The SDK reports progress on the thread that writes the content; this class is called synchronously from there
/// (not through <see cref="Progress{T}"/>, which would post to the thread pool and could draw out of order).
/// </remarks>
internal sealed class ProgressDisplay : IProgress<long>
{
    private const int BarWidth = 20;
    private static readonly TimeSpan s_redrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _terminal;
    private readonly string _label;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDrawn;
    private long _bytes;
    private int _frame;
    private int _lastWidth;

    public ProgressDisplay(TextWriter terminal, string label)
    {
        _terminal = terminal;
        _label = label;
    }

    public void Report(long value)
    {
        _bytes = value;
        var now = _clock.Elapsed;
        if (_lastDrawn is { } last && now - last < s_redrawInterval) return;
        _lastDrawn = now;
        Draw(finished: false);
    }

    /// <summary>Draws the final state and ends the line, so later output starts on a line of its own.</summary>
    public void Finish()
    {
        Draw(finished: true);
        _terminal.WriteLine();
    }

    private void Draw(bool finished)
    {
        // The marker bounces across the bar while bytes arrive; a full bar means done.
        int position = _frame++ % (2 * (BarWidth - 3));
        if (position > BarWidth - 3) position = 2 * (BarWidth - 3) - position;
        string bar = finished ? new string('=', BarWidth) : new string(' ', position) + "<=>" + new string(' ', BarWidth - 3 - position);
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{_label} [{bar}] {Sizes.Format(_bytes)}  {Sizes.Format((long)(_bytes / seconds))}/s");
        // Pad over a longer previous line so no stale characters remain at its end.
        _terminal.Write("\r" + line.PadRight(_lastWidth));
        _lastWidth = line.Length;
        _terminal.Flush();
    }
}

/// <summary>Byte counts as people read them.</summary>
internal static class Sizes
{
    public static string Format(long bytes)
    {
        string[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
