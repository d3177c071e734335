using EId.Credentials.Status;
using EId.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EId.Credentials.Issuing;

/// <summary>
/// Status indices in an SQLite file (WAL): one row per index with the credential's serial and, once revoked, when.
/// Each index is the previous maximum + 1, taken in one INSERT under SQLite's write lock, so indices continue after a
/// restart and never repeat, even with several processes on the same file. Rows are never deleted. Thread-safe.
/// </summary>
public sealed class SqliteCredentialStatusStore : ICredentialStatusStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <summary>Opens (and creates when needed) the store in the SQLite file or connection string given.</summary>
    /// <param name="pathOrConnectionString">A file path, or an SQLite connection string.</param>
    /// <param name="time">The clock for revocation times.</param>
    public SqliteCredentialStatusStore(string pathOrConnectionString, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        _time = time ?? TimeProvider.System;
        _connection = new SqliteConnection(SqliteConnectionStrings.For(pathOrConnectionString, pooling: false));
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;
            CREATE TABLE IF NOT EXISTS credential_status (
                idx INTEGER PRIMARY KEY,
                serial TEXT UNIQUE,
                revoked_ms INTEGER);
            """);
    }

    /// <inheritdoc />
    public ValueTask<long> NextAsync(CancellationToken cancellationToken = default) => Allocate(null, cancellationToken);

    /// <inheritdoc />
    public ValueTask<long> NextAsync(ReadOnlyMemory<byte> serial, CancellationToken cancellationToken = default) =>
        Allocate(Convert.ToHexStringLower(serial.Span), cancellationToken);

    /// <inheritdoc />
    public ValueTask<RevocationOutcome> RevokeAsync(string serial, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (CredentialSerial.Normalize(serial) is not { } key)
        {
            return ValueTask.FromResult(RevocationOutcome.UnknownSerial);
        }

        lock (_gate)
        {
            using var update = Command("UPDATE credential_status SET revoked_ms = $at WHERE serial = $serial AND revoked_ms IS NULL");
            update.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$serial", key);
            var outcome = update.ExecuteNonQuery() == 1 ? RevocationOutcome.Revoked
                : Find(key) is null ? RevocationOutcome.UnknownSerial
                : RevocationOutcome.AlreadyRevoked;
            return ValueTask.FromResult(outcome);
        }
    }

    /// <inheritdoc />
    public ValueTask<long?> FindIndexAsync(string serial, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (CredentialSerial.Normalize(serial) is not { } key)
        {
            return ValueTask.FromResult<long?>(null);
        }

        lock (_gate)
        {
            return ValueTask.FromResult(Find(key));
        }
    }

    /// <inheritdoc />
    public ValueTask<StatusList> GetStatusListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var count = Command("SELECT COALESCE(MAX(idx) + 1, 0) FROM credential_status", transaction);
            var list = new StatusList((int)Math.Max(1L, (long)count.ExecuteScalar()!));
            using var revoked = Command("SELECT idx FROM credential_status WHERE revoked_ms IS NOT NULL", transaction);
            using var reader = revoked.ExecuteReader();
            while (reader.Read())
            {
                list.Set(reader.GetInt64(0));
            }

            return ValueTask.FromResult(list);
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();

    private ValueTask<long> Allocate(string? serial, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // BEGIN IMMEDIATE takes the write lock before reading the maximum, so other processes on the file wait
            // (busy_timeout) instead of reading the same maximum.
            using var transaction = _connection.BeginTransaction(deferred: false);
            using var insert = Command("INSERT INTO credential_status (idx, serial) SELECT COALESCE(MAX(idx) + 1, 0), $serial FROM credential_status RETURNING idx", transaction);
            insert.Parameters.AddWithValue("$serial", (object?)serial ?? DBNull.Value);
            var index = (long)insert.ExecuteScalar()!;
            transaction.Commit();
            return ValueTask.FromResult(index);
        }
    }

    private long? Find(string serial)
    {
        using var find = Command("SELECT idx FROM credential_status WHERE serial = $serial");
        find.Parameters.AddWithValue("$serial", serial);
        return find.ExecuteScalar() is long index ? index : null;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
