using System;
using System.Collections;
using System.Collections.Generic;

namespace Taskcluster.Generators.Model;

/// <summary>
/// An immutable array that compares by its items. The incremental pipeline compares step outputs with
/// <see cref="object.Equals(object)"/>; arrays, lists and ImmutableArray compare by reference and would make every
/// step look modified on every run.
/// </summary>
/// <typeparam name="T">The item type; itself value-equal.</typeparam>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? _items;

    /// <summary>Wraps items; the caller must not change them afterwards.</summary>
    public EquatableArray(T[] items) => _items = items;

    /// <summary>An array without items.</summary>
    public static EquatableArray<T> Empty => new(Array.Empty<T>());

    /// <summary>Copies items into a new array.</summary>
    public static EquatableArray<T> From(IEnumerable<T> items) => new(new List<T>(items).ToArray());

    public int Count => _items?.Length ?? 0;

    public T this[int index] => (_items ?? Array.Empty<T>())[index];

    public bool Equals(EquatableArray<T> other)
    {
        var left = _items ?? Array.Empty<T>();
        var right = other._items ?? Array.Empty<T>();
        if (left.Length != right.Length) return false;
        for (int i = 0; i < left.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(left[i], right[i])) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (var item in _items ?? Array.Empty<T>())
            {
                hash = (hash * 31) + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item));
            }
            return hash;
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}
