using System.Diagnostics.CodeAnalysis;

namespace EId.Caching;

/// <summary>
/// A small bounded cache that drops the least recently used entry first; thread-safe. Linked into the packages that
/// keep derived data (reference-portrait templates, credential face thumbnails) so repeated requests skip recomputing
/// them; each wraps it in its own domain type rather than exposing it (src/Shared).
/// </summary>
/// <remarks>
/// Not Microsoft.Extensions.Caching.Memory: its size limit evicts by compaction in the background, not the least
/// recently used entry at once, and it has no hit/miss counts without extra set-up; this is strict, synchronous and tiny.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries;
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> entries.</summary>
    /// <param name="capacity">Most entries kept (at least 1).</param>
    /// <param name="comparer">Key comparer, or null for the default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public LruCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new(comparer);
    }

    /// <summary>Most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Look-ups that found an entry.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Look-ups that found none.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Finds the value of <paramref name="key"/> and marks it most recently used.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                value = node.Value.Value;
                _hits++;
                return true;
            }

            _misses++;
            value = default;
            return false;
        }
    }

    /// <summary>Adds or replaces the value of <paramref name="key"/>, evicting the least recently used beyond <see cref="Capacity"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Set(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[key] = _recency.AddFirst((key, value));
            while (_entries.Count > Capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }
    }

    /// <summary>Drops every entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }
}
