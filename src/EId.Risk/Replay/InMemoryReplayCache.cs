using System.Collections.Concurrent;

namespace EId.Risk.Replay;

/// <summary>A process-local replay cache with expiry. Forgets everything on restart: use <see cref="SqliteReplayCache"/> where that matters.</summary>
public sealed class InMemoryReplayCache : IReplayCache
{
    private const int PruneEvery = 4096;

    private readonly ConcurrentDictionary<(string Device, string Nonce), DateTimeOffset> _seen = new();
    private readonly TimeProvider _time;
    private int _sincePrune;

    /// <summary>Creates an empty cache.</summary>
    public InMemoryReplayCache(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Number of remembered nonces (including expired ones not yet pruned).</summary>
    public int Count => _seen.Count;

    /// <inheritdoc />
    public ValueTask<bool> TryRegisterAsync(string deviceId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(nonce);
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _sincePrune) >= PruneEvery)
        {
            Interlocked.Exchange(ref _sincePrune, 0);
            Prune(now);
        }

        var key = (deviceId, nonce);
        while (true)
        {
            if (_seen.TryAdd(key, expiresAt))
            {
                return ValueTask.FromResult(true);
            }

            if (!_seen.TryGetValue(key, out var existing))
            {
                continue;
            }

            if (existing > now)
            {
                return ValueTask.FromResult(false);
            }

            // Expired: take it over atomically (only one of racing callers wins the update).
            if (_seen.TryUpdate(key, expiresAt, existing))
            {
                return ValueTask.FromResult(true);
            }
        }
    }

    /// <summary>Drops nonces that expired at or before <paramref name="now"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var entry in _seen)
        {
            if (entry.Value <= now)
            {
                _seen.TryRemove(entry);
            }
        }
    }
}
