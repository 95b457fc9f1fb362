using System;
using System.Globalization;

namespace Taskcluster.Cli.Time;

/// <summary>
/// TaskCluster's relative-time expressions, as its clients' <c>fromNow</c> reads them: an optional leading <c>-</c>
/// (the past) or <c>+</c>, then amounts of years, months, weeks, days, hours, minutes and seconds, each at most once
/// and in that order, with or without spaces: <c>2 days 3 hours</c>, <c>1d2h</c>, <c>-1 week</c>, <c>90 min</c>. A
/// year counts as 365 days and a month as 30, as TaskCluster counts them. The empty expression means now.
/// </summary>
internal static class FromNow
{
    // Spellings per unit, in the order the units must come. "m" is minutes and "mo" months, as in TaskCluster.
    private static readonly (string Unit, string[] Spellings, long Milliseconds)[] s_units =
    {
        ("years", new[] { "y", "yr", "year", "years" }, 365 * Day),
        ("months", new[] { "mo", "month", "months" }, 30 * Day),
        ("weeks", new[] { "w", "wk", "week", "weeks" }, 7 * Day),
        ("days", new[] { "d", "day", "days" }, Day),
        ("hours", new[] { "h", "hr", "hour", "hours" }, 60 * 60 * 1000L),
        ("minutes", new[] { "m", "min", "minute", "minutes" }, 60 * 1000L),
        ("seconds", new[] { "s", "sec", "second", "seconds" }, 1000L),
    };

    private const long Day = 24 * 60 * 60 * 1000L;

    /// <summary>The time <paramref name="expression"/> from <paramref name="reference"/>.</summary>
    /// <exception cref="FormatException">The expression is not a time expression, or lands outside the calendar.</exception>
    public static DateTimeOffset From(string expression, DateTimeOffset reference)
    {
        if (!TryParseOffset(expression, out var offset, out string? problem)) throw new FormatException(problem);
        try
        {
            return reference.ToUniversalTime() + offset;
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException($"'{expression}' from now is outside the calendar.");
        }
    }

    /// <summary>Reads an expression into the offset it means.</summary>
    /// <returns>False with <paramref name="problem"/> saying why when it is not an expression.</returns>
    public static bool TryParseOffset(string expression, out TimeSpan offset, out string? problem)
    {
        offset = TimeSpan.Zero;
        problem = null;
        string text = expression ?? string.Empty;
        int position = SkipSpaces(text, 0);
        int sign = 1;
        if (position < text.Length && (text[position] == '-' || text[position] == '+'))
        {
            sign = text[position] == '-' ? -1 : 1;
            position++;
        }

        long milliseconds = 0;
        int nextUnit = 0;
        while (true)
        {
            position = SkipSpaces(text, position);
            if (position == text.Length) break;

            int numberStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
            if (position == numberStart) return Fail($"'{text}' is not a time expression: expected a number at '{text.Substring(numberStart)}'.", out problem);
            if (!long.TryParse(text.AsSpan(numberStart, position - numberStart), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
                return Fail($"'{text}': {text.Substring(numberStart, position - numberStart)} is too large.", out problem);

            position = SkipSpaces(text, position);
            int wordStart = position;
            while (position < text.Length && char.IsAsciiLetter(text[position])) position++;
            string word = text.Substring(wordStart, position - wordStart).ToLowerInvariant();
            int unit = UnitOf(word, nextUnit);
            if (unit < 0)
            {
                return UnitOf(word, 0) >= 0
                    ? Fail($"'{text}': units must come at most once each, in the order years, months, weeks, days, hours, minutes, seconds.", out problem)
                    : Fail($"'{text}' is not a time expression: '{(word.Length == 0 ? text.Substring(wordStart) : word)}' is not a unit (years, months, weeks, days, hours, minutes, seconds; or y, mo, w, d, h, m, s).", out problem);
            }
            nextUnit = unit + 1;
            try
            {
                milliseconds = checked(milliseconds + checked(amount * s_units[unit].Milliseconds));
            }
            catch (OverflowException)
            {
                return Fail($"'{text}' is too far from now.", out problem);
            }
        }

        if (milliseconds > (long)TimeSpan.MaxValue.TotalMilliseconds) return Fail($"'{text}' is too far from now.", out problem);
        offset = TimeSpan.FromMilliseconds(sign * milliseconds);
        return true;
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as JavaScript's <c>Date.toJSON()</c> writes it and TaskCluster expects.</summary>
    public static string Format(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static int UnitOf(string word, int from)
    {
        for (int unit = from; unit < s_units.Length; unit++)
        {
            if (Array.IndexOf(s_units[unit].Spellings, word) >= 0) return unit;
        }
        return -1;
    }

    private static int SkipSpaces(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
        return position;
    }

    private static bool Fail(string message, out string? problem)
    {
        problem = message;
        return false;
    }
}
