using System;

namespace Taskcluster;

/// <summary>
/// A routing-key pattern matched the way a RabbitMQ topic exchange matches it, so the listener can tell which of its
/// bindings a delivery came through: words are split on <c>.</c>, <c>*</c> stands for exactly one word and <c>#</c>
/// for zero or more; any other word must be equal (ordinal), and empty words count like any other.
/// </summary>
/// <remarks>
/// As in RabbitMQ, an empty key (or pattern) has no words at all, while <c>a.</c> has two, <c>a</c> and the empty word;
/// so <c>#</c> matches the empty key and <c>*</c> does not.
/// </remarks>
internal sealed class TopicPattern
{
    private const string OneWord = "*";
    private const string AnyWords = "#";

    private readonly string[] _words;

    public TopicPattern(string pattern)
    {
        Pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        _words = Words(pattern);
    }

    public string Pattern { get; }

    public static bool Matches(string pattern, string routingKey) => new TopicPattern(pattern).Matches(routingKey);

    public bool Matches(string routingKey)
    {
        var key = Words(routingKey);
        var pattern = _words;
        int p = 0, k = 0;
        // Where the last '#' was seen and how many key words it has taken so far. Only the last one needs
        // remembering: a later '#' can absorb anything an earlier one would have, as with '*' in file globs.
        int anyAt = -1, anyTaken = 0;
        while (k < key.Length)
        {
            if (p < pattern.Length && pattern[p] == AnyWords)
            {
                anyAt = p++;
                anyTaken = k;
            }
            else if (p < pattern.Length && (pattern[p] == OneWord || string.Equals(pattern[p], key[k], StringComparison.Ordinal)))
            {
                p++;
                k++;
            }
            else if (anyAt >= 0)
            {
                // Let the last '#' take one more word and try the rest of the pattern again from there.
                p = anyAt + 1;
                k = ++anyTaken;
            }
            else
            {
                return false;
            }
        }
        // The key is used up: what is left of the pattern must be able to match nothing.
        while (p < pattern.Length && pattern[p] == AnyWords) p++;
        return p == pattern.Length;
    }

    public override string ToString() => Pattern;

    private static string[] Words(string text) => text.Length == 0 ? Array.Empty<string>() : text.Split('.');
}
