using System;

namespace Taskcluster;

/// <summary>One word (or, for a multi-word element, a run of words) of an exchange's routing key.</summary>
public sealed class RoutingKeyElement
{
    /// <summary>Describes one routing-key element.</summary>
    /// <param name="name">The element's name, for example <c>taskId</c>.</param>
    /// <param name="summary">What the element holds, from the reference.</param>
    /// <param name="constant">A fixed value the element always has (such as <c>primary</c>), or <see langword="null"/>.</param>
    /// <param name="required">Whether every message carries a value for the element.</param>
    /// <param name="multipleWords">Whether the element may span several dot-separated words.</param>
    /// <param name="maxSize">The longest value the element may hold, or 0 when the reference sets no limit.</param>
    public RoutingKeyElement(string name, string summary, string? constant, bool required, bool multipleWords, int maxSize)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A routing-key element needs a name.", nameof(name));
        Name = name;
        Summary = summary ?? string.Empty;
        Constant = constant;
        Required = required;
        MultipleWords = multipleWords;
        MaxSize = maxSize;
    }

    /// <summary>The element's name, for example <c>taskId</c>.</summary>
    public string Name { get; }

    /// <summary>What the element holds, from the reference.</summary>
    public string Summary { get; }

    /// <summary>A fixed value the element always has, or <see langword="null"/>.</summary>
    public string? Constant { get; }

    /// <summary>Whether every message carries a value for the element.</summary>
    public bool Required { get; }

    /// <summary>Whether the element may span several dot-separated words (matched by <c>#</c> when left open).</summary>
    public bool MultipleWords { get; }

    /// <summary>The longest value the element may hold, or 0 when the reference sets no limit.</summary>
    public int MaxSize { get; }
}
