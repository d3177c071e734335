namespace EId.Risk.Replay;

/// <summary>Remembers request nonces until they expire, so that a replayed request is recognised.</summary>
public interface IReplayCache
{
    /// <summary>
    /// Records <paramref name="nonce"/> for <paramref name="deviceId"/> until <paramref name="expiresAt"/>.
    /// True when it was new; false when the same nonce is already recorded and not yet expired (a replay).
    /// Atomic: of concurrent calls with the same nonce exactly one returns true.
    /// </summary>
    ValueTask<bool> TryRegisterAsync(string deviceId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
