using EId.Storage.Sqlite;

namespace EId.Risk.Replay;

/// <summary>
/// A durable replay cache in SQLite: one row per (device, nonce) with its expiry, so a request
/// replayed after a restart is still refused. Registration is one atomic insert-or-take-over-if-expired
/// statement; expired rows are pruned as registrations go by.
/// </summary>
public sealed class SqliteReplayCache : IReplayCache, IDisposable
{
    private const int PruneEvery = 1024;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private int _sincePrune;

    /// <summary>Opens (and creates when needed) the cache in the SQLite file or connection string given.</summary>
    public SqliteReplayCache(string pathOrConnectionString, TimeProvider? timeProvider = null)
    {
        _database = new SqliteDatabase(SqliteDatabase.ToConnectionString(pathOrConnectionString));
        _time = timeProvider ?? TimeProvider.System;
        _database.Execute("""
            CREATE TABLE IF NOT EXISTS replay_nonces (
                device_id TEXT NOT NULL,
                nonce TEXT NOT NULL,
                expires_ms INTEGER NOT NULL,
                PRIMARY KEY (device_id, nonce)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS replay_nonces_expiry ON replay_nonces (expires_ms);
            """);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryRegisterAsync(string deviceId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(nonce);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_database.Gate)
        {
            if (++_sincePrune >= PruneEvery)
            {
                _sincePrune = 0;
                Prune(now);
            }

            using var command = _database.Command("""
                INSERT INTO replay_nonces (device_id, nonce, expires_ms) VALUES ($device, $nonce, $expires)
                ON CONFLICT (device_id, nonce) DO UPDATE SET expires_ms = excluded.expires_ms
                WHERE replay_nonces.expires_ms <= $now
                """);
            command.Parameters.AddWithValue("$device", deviceId);
            command.Parameters.AddWithValue("$nonce", nonce);
            command.Parameters.AddWithValue("$expires", expiresAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$now", now);
            return ValueTask.FromResult(command.ExecuteNonQuery() == 1);
        }
    }

    /// <summary>Deletes expired nonces now; returns how many.</summary>
    public int PruneExpired()
    {
        lock (_database.Gate)
        {
            return Prune(_time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _database.Dispose();

    private int Prune(long now)
    {
        using var command = _database.Command("DELETE FROM replay_nonces WHERE expires_ms <= $now");
        command.Parameters.AddWithValue("$now", now);
        return command.ExecuteNonQuery();
    }
}
