using EId.Postal.Verdicts;
using EId.Risk.Replay;

namespace EId.Hosting;

/// <summary>
/// The postal server's used-verdict memory on the risk package's <see cref="IReplayCache"/> (in memory, SQLite or PostgreSQL),
/// under a key space of its own so a verdict id never collides with a device nonce.
/// </summary>
/// <param name="cache">The replay cache.</param>
public sealed class ReplayCacheVerdictGuard(IReplayCache cache) : IVerdictReplayGuard
{
    /// <summary>The prefix of the cache's device column for verdicts.</summary>
    public const string Prefix = "verdict:";

    /// <inheritdoc />
    public ValueTask<bool> TryRegisterAsync(string keyId, string verdictId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        cache.TryRegisterAsync(Prefix + keyId, verdictId, expiresAt, cancellationToken);
}
