using System.Collections.Concurrent;

namespace EId.Risk.Policies;

/// <summary>
/// Exact sliding-window counters: per key, the times of the counted events within the window.
/// <see cref="TryAcquire"/> checks and counts atomically per key, so with N concurrent callers at a
/// limit of L exactly min(N, L) succeed. Memory per key is bounded by the limit; idle keys are swept.
/// </summary>
public sealed class SlidingWindowCounter : IVelocityCounter
{
    private const int SweepEvery = 8192;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private int _sinceSweep;

    /// <summary>Number of keys currently tracked.</summary>
    public int KeyCount => _windows.Count;

    /// <summary>
    /// Counts one event for <paramref name="key"/> at <paramref name="now"/> when fewer than
    /// <paramref name="limit"/> events were counted in (<paramref name="now"/> − <paramref name="window"/>, <paramref name="now"/>];
    /// returns false (and counts nothing) otherwise.
    /// </summary>
    public bool TryAcquire(string key, DateTimeOffset now, int limit, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (Interlocked.Increment(ref _sinceSweep) >= SweepEvery)
        {
            Interlocked.Exchange(ref _sinceSweep, 0);
            Sweep(now, window);
        }

        var nowTicks = now.UtcTicks;
        var cutoff = nowTicks - window.Ticks;
        while (true)
        {
            var entry = _windows.GetOrAdd(key, static _ => new Window());
            lock (entry)
            {
                // A window retired by the sweep is no longer in the dictionary: start again with a fresh one.
                if (entry.Retired)
                {
                    continue;
                }

                entry.DropUpTo(cutoff);
                if (entry.Times.Count >= limit)
                {
                    return false;
                }

                entry.Times.Enqueue(nowTicks);
                return true;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAcquireAsync(string key, DateTimeOffset now, int limit, TimeSpan window, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TryAcquire(key, now, limit, window));

    /// <summary>Number of events counted for <paramref name="key"/> in the window ending at <paramref name="now"/>.</summary>
    public int CountIn(string key, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_windows.TryGetValue(key, out var entry))
        {
            return 0;
        }

        lock (entry)
        {
            var cutoff = now.UtcTicks - window.Ticks;
            return entry.Times.Count(t => t > cutoff && t <= now.UtcTicks);
        }
    }

    /// <summary>Removes keys with no events in the window ending at <paramref name="now"/>.</summary>
    public void Sweep(DateTimeOffset now, TimeSpan window)
    {
        var cutoff = now.UtcTicks - window.Ticks;
        foreach (var (key, entry) in _windows)
        {
            lock (entry)
            {
                entry.DropUpTo(cutoff);
                if (entry.Times.Count == 0)
                {
                    entry.Retired = true;
                    _windows.TryRemove(new KeyValuePair<string, Window>(key, entry));
                }
            }
        }
    }

    private sealed class Window
    {
        public Queue<long> Times { get; } = new();

        public bool Retired { get; set; }

        // Times are nearly sorted: concurrent callers may read the clock slightly out of order. A head that
        // expires later only delays the expiry of the entries behind it, so counts err on the strict side.
        public void DropUpTo(long cutoff)
        {
            while (Times.Count > 0 && Times.Peek() <= cutoff)
            {
                Times.Dequeue();
            }
        }
    }
}
