namespace EId.Postal.Verdicts;

/// <summary>
/// Remembers used verdict ids until they expire. Hosts adapt the risk package's replay cache (in memory, SQLite or
/// PostgreSQL) to it, so every postal server instance on one store refuses a verdict used anywhere.
/// </summary>
public interface IVerdictReplayGuard
{
    /// <summary>
    /// Records <paramref name="verdictId"/> of <paramref name="keyId"/> until <paramref name="expiresAt"/>. True when it was new;
    /// false when it was already used and has not expired. Atomic: of concurrent calls with the same id exactly one returns true.
    /// </summary>
    ValueTask<bool> TryRegisterAsync(string keyId, string verdictId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
