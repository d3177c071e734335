using System.Collections.Concurrent;
using EId.Faces;

namespace EId.Risk.Replay;

/// <summary>Open active-liveness challenges in this process (one server instance). Thread-safe; expired entries are swept as challenges are added.</summary>
public sealed class InMemoryLivenessChallengeStore : ILivenessChallengeStore
{
    private readonly ConcurrentDictionary<string, LivenessChallenge> _open = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask AddAsync(LivenessChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        foreach (var stale in _open.Where(p => p.Value.ExpiresAt <= challenge.IssuedAt).Select(p => p.Key).ToArray())
        {
            _open.TryRemove(stale, out _);
        }

        _open[challenge.Id] = challenge;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<LivenessChallenge?> TryRedeemAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ValueTask.FromResult(_open.TryRemove(id, out var found) && found.ExpiresAt > now ? found : null);
    }
}
