using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EId.Postal.Storage;

/// <summary>
/// The embedded ledger store: one SQLite file in WAL mode. Appends run in one
/// <c>BEGIN IMMEDIATE</c> transaction per batch with prepared statements, so a batch costs one
/// durable commit; <c>secure_delete</c> makes shredded data keys unrecoverable from free pages.
/// Safe for several writer processes on one file (the immediate transaction serialises them).
/// </summary>
/// <remarks>
/// Schema version 2 indexes senders by <c>sender_key</c>, a 64-bit hash of the sender token,
/// instead of the 43-character token: senders arrive in random order, so every append lands on a
/// random page of that index, and the smaller the entries the fewer pages each batch dirties (and
/// writes to the WAL). Queries match the key and then the token itself, so a hash collision only
/// costs a row read. Version 1 files are migrated on <see cref="InitializeAsync"/>; reading and
/// verifying work on both versions.
/// </remarks>
public sealed class SqliteLedgerStore : ILedgerStore
{
    private const int SchemaVersion = 2;
    private const string SenderKeyFunction = "eid_sender_key";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS entries (
            seq INTEGER PRIMARY KEY,
            waybill TEXT NOT NULL UNIQUE,
            sender_token TEXT NOT NULL,
            accepted_at INTEGER NOT NULL,
            origin TEXT NOT NULL,
            destination TEXT NOT NULL,
            body BLOB NOT NULL,
            prev_hash BLOB NOT NULL,
            entry_hash BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_entries_sender ON entries (sender_token, accepted_at);
        CREATE INDEX IF NOT EXISTS ix_entries_origin ON entries (origin, accepted_at);
        CREATE INDEX IF NOT EXISTS ix_entries_destination ON entries (destination, accepted_at);
        CREATE TABLE IF NOT EXISTS data_keys (
            seq INTEGER PRIMARY KEY,
            accepted_at INTEGER NOT NULL,
            wrapped BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_data_keys_accepted ON data_keys (accepted_at);
        CREATE TABLE IF NOT EXISTS checkpoints (
            seq INTEGER PRIMARY KEY,
            entry_hash BLOB NOT NULL,
            signed_at INTEGER NOT NULL,
            public_key BLOB NOT NULL,
            signature BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            officer TEXT NOT NULL,
            roles TEXT NOT NULL,
            query TEXT NOT NULL,
            parameters TEXT NOT NULL,
            allowed INTEGER NOT NULL,
            results INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_audit_at ON audit (at);
        """,
        $"""
        ALTER TABLE entries ADD COLUMN sender_key INTEGER NOT NULL DEFAULT 0;
        UPDATE entries SET sender_key = {SenderKeyFunction}(sender_token);
        DROP INDEX IF EXISTS ix_entries_sender;
        CREATE INDEX IF NOT EXISTS ix_entries_sender_key ON entries (sender_key, accepted_at);
        """,
    ];

    private const string InsertEntrySql = "INSERT INTO entries (seq, waybill, sender_token, accepted_at, origin, destination, body, prev_hash, entry_hash, sender_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);";
    private const string InsertKeySql = "INSERT INTO data_keys (seq, accepted_at, wrapped) VALUES (?1, ?2, ?3);";


    private readonly string _connectionString;
    private readonly bool _fullSync;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;
    private sqlite3_stmt? _insertEntry;
    private sqlite3_stmt? _insertKey;

    /// <summary>Creates a store for a file path or a SQLite connection string.</summary>
    /// <param name="pathOrConnectionString">A file path, or a connection string containing <c>Data Source=</c>.</param>
    /// <param name="fullSync">Sync the WAL on every commit (survives power loss), not only process crashes.</param>
    public SqliteLedgerStore(string pathOrConnectionString, bool fullSync = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        _connectionString = SqliteConnectionStrings.For(pathOrConnectionString, pooling: true);
        _fullSync = fullSync;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The file was written by a newer version of this library (its schema version is higher than this one knows).</exception>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
            _writer.CreateFunction<string, long>(SenderKeyFunction, SenderKey, isDeterministic: true);
            await ExecuteAsync(_writer, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);

            // Each step re-reads the version inside its immediate transaction, so writers starting together
            // on an old file migrate it once (ALTER TABLE is not idempotent).
            while (true)
            {
                using var tx = _writer.BeginTransaction(deferred: false);
                using var versionCommand = _writer.CreateCommand();
                versionCommand.Transaction = tx;
                versionCommand.CommandText = "PRAGMA user_version;";
                var version = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                if (version > SchemaVersion)
                {
                    throw new InvalidOperationException($"The ledger file has schema version {version}; this library knows up to {SchemaVersion}.");
                }

                if (version == SchemaVersion)
                {
                    break;
                }

                await ExecuteAsync(_writer, Migrations[version], cancellationToken, tx).ConfigureAwait(false);
                await ExecuteAsync(_writer, $"PRAGMA user_version = {version + 1};", cancellationToken, tx).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<Result<LedgerBatch, Failure<ParcelError>>> AppendAsync(Func<LedgerHead, LedgerBatch> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = _writer ?? throw new InvalidOperationException("InitializeAsync has not been called.");
            using var tx = connection.BeginTransaction(deferred: false);
            var head = await ReadHeadAsync(connection, tx, cancellationToken).ConfigureAwait(false);
            var batch = build(head);
            if (!InsertEntriesAndKeys(connection, batch))
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new Failure<ParcelError>(ParcelError.DuplicateWaybill, "A waybill in the batch is already in the ledger.");
            }

            await InsertCheckpointsAsync(connection, tx, batch.Checkpoints, cancellationToken).ConfigureAwait(false);

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return batch;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerCheckpoint?> CheckpointHeadAsync(Func<LedgerHead, LedgerCheckpoint> sign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sign);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = _writer ?? throw new InvalidOperationException("InitializeAsync has not been called.");
            using var tx = connection.BeginTransaction(deferred: false);
            var head = await ReadHeadAsync(connection, tx, cancellationToken).ConfigureAwait(false);
            using var exists = connection.CreateCommand();
            exists.Transaction = tx;
            exists.CommandText = "SELECT count(*) FROM checkpoints WHERE seq = $seq;";
            exists.Parameters.AddWithValue("$seq", head.LastSequence);
            if (head.LastSequence == 0 || Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }

            var checkpoint = sign(head);
            await InsertCheckpointsAsync(connection, tx, [checkpoint], cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return checkpoint;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerHead> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadHeadAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerEntry?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default)
    {
        var found = await ReadEntriesAsync($"SELECT {LedgerQuerySql.EntryColumns} FROM entries WHERE waybill = $w;", p => p.AddWithValue("$w", waybillNumber), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = LedgerQuerySql.Where(query);
        if (query.SenderToken is not null)
        {
            where += " AND sender_key = @skey";
        }

        var sql = $"SELECT {LedgerQuerySql.EntryColumns} FROM entries WHERE {where} ORDER BY seq LIMIT @limit;";
        return ReadEntriesAsync(sql, p =>
        {
            p.AddWithValue("@skey", query.SenderToken is null ? 0L : SenderKey(query.SenderToken));
            p.AddWithValue("@from", query.From.ToUnixTimeMilliseconds());
            p.AddWithValue("@to", query.To.ToUnixTimeMilliseconds());
            p.AddWithValue("@token", (object?)query.SenderToken ?? DBNull.Value);
            p.AddWithValue("@low", (object?)query.RegionLow ?? DBNull.Value);
            p.AddWithValue("@high", (object?)query.RegionHigh ?? DBNull.Value);
            p.AddWithValue("@limit", query.Limit);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Works without <see cref="InitializeAsync"/> on version 1 and 2 files: the verifier and the CLI
    /// never migrate a file. On version 2 the sender key column is checked as well: an entry whose key does not
    /// match its token reads with an empty sender token, so verification reports its searchable
    /// columns as disagreeing with its hashed content.
    /// </remarks>
    public async ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int count, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var versionCommand = connection.CreateCommand();
            versionCommand.CommandText = "PRAGMA user_version;";
            var withKey = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) >= 2;
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {LedgerQuerySql.EntryColumns}{(withKey ? ", sender_key" : string.Empty)} FROM entries WHERE seq >= $from ORDER BY seq LIMIT $count;";
            command.Parameters.AddWithValue("$from", fromSequence);
            command.Parameters.AddWithValue("$count", count);
            return await LedgerQuerySql.ReadEntriesAsync(command, AcceptedAt, cancellationToken, withKey ? KeyMatches : null).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The sender index key of a token: FNV-1a (64-bit) over its UTF-16 code units. Stable across
    /// processes and versions (it is stored); not a secret and not collision-resistant, which the
    /// query does not need because it also matches the token.
    /// </summary>
    internal static long SenderKey(string senderToken)
    {
        ArgumentNullException.ThrowIfNull(senderToken);
        var hash = 14695981039346656037UL;
        foreach (var c in senderToken)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<LedgerCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT seq, entry_hash, signed_at, public_key, signature FROM checkpoints ORDER BY seq;";
            var list = new List<LedgerCheckpoint>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(new LedgerCheckpoint(reader.GetInt64(0), (byte[])reader[1], DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), (byte[])reader[3], (byte[])reader[4]));
                }
            }

            return list;
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetDataKeyAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT wrapped FROM data_keys WHERE seq = $seq;";
            command.Parameters.AddWithValue("$seq", sequence);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        }
    }

    /// <inheritdoc />
    public async ValueTask<int> DeleteDataKeysAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = _writer ?? throw new InvalidOperationException("InitializeAsync has not been called.");
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM data_keys WHERE accepted_at < $cutoff;";
            command.Parameters.AddWithValue("$cutoff", acceptedBefore.ToUnixTimeMilliseconds());
            var count = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            // Old page images of the deleted keys may still sit in the WAL: copy back and truncate it.
            await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken).ConfigureAwait(false);
            return count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendAuditAsync(RegulatorAuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO audit (at, officer, roles, query, parameters, allowed, results) VALUES ($at, $officer, $roles, $query, $parameters, $allowed, $results);";
            command.Parameters.AddWithValue("$at", record.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$officer", record.OfficerId);
            command.Parameters.AddWithValue("$roles", record.Roles);
            command.Parameters.AddWithValue("$query", record.Query);
            command.Parameters.AddWithValue("$parameters", record.Parameters);
            command.Parameters.AddWithValue("$allowed", record.Allowed ? 1 : 0);
            command.Parameters.AddWithValue("$results", record.ResultCount);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RegulatorAuditRecord>> ReadAuditAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT at, officer, roles, query, parameters, allowed, results FROM audit WHERE at >= $from AND at < $to ORDER BY id;";
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            var list = new List<RegulatorAuditRecord>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(new RegulatorAuditRecord(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5) != 0, reader.GetInt32(6)));
                }
            }

            return list;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Statements belong to the writer connection: finalise them before it closes or returns to the pool.
        _insertEntry?.Dispose();
        _insertKey?.Dispose();
        _insertEntry = null;
        _insertKey = null;
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }

        _writeLock.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = 10000; PRAGMA secure_delete = ON; PRAGMA synchronous = {(_fullSync ? "FULL" : "NORMAL")};", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LedgerHead> ReadHeadAsync(SqliteConnection connection, SqliteTransaction? tx, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT seq, entry_hash FROM entries ORDER BY seq DESC LIMIT 1;";
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new LedgerHead(reader.GetInt64(0), (byte[])reader[1])
                : LedgerHead.Empty;
        }
    }

    // Entries and keys go through SQLite's own prepared statements, kept for the writer's lifetime: binding
    // by position straight from the entry's strings and byte arrays skips the per-row parameter lookup
    // and conversions of SqliteCommand, which cost more than the insert. Returns false on a duplicate
    // waybill (the caller rolls back).
    private bool InsertEntriesAndKeys(SqliteConnection connection, LedgerBatch batch)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The writer connection is closed.");
        _insertEntry ??= Prepare(db, InsertEntrySql);
        _insertKey ??= Prepare(db, InsertKeySql);
        var entry = _insertEntry;
        foreach (var e in batch.Entries)
        {
            raw.sqlite3_bind_int64(entry, 1, e.Sequence);
            raw.sqlite3_bind_text16(entry, 2, e.WaybillNumber);
            raw.sqlite3_bind_text16(entry, 3, e.SenderToken);
            raw.sqlite3_bind_int64(entry, 4, e.AcceptedAt.ToUnixTimeMilliseconds());
            raw.sqlite3_bind_text16(entry, 5, e.OriginRegion);
            raw.sqlite3_bind_text16(entry, 6, e.DestinationRegion);
            raw.sqlite3_bind_blob(entry, 7, e.Body);
            raw.sqlite3_bind_blob(entry, 8, e.PreviousHash);
            raw.sqlite3_bind_blob(entry, 9, e.EntryHash);
            raw.sqlite3_bind_int64(entry, 10, SenderKey(e.SenderToken));
            if (!Step(db, entry))
            {
                return false;
            }
        }

        var key = _insertKey;
        foreach (var k in batch.Keys)
        {
            raw.sqlite3_bind_int64(key, 1, k.Sequence);
            raw.sqlite3_bind_int64(key, 2, k.AcceptedAt.ToUnixTimeMilliseconds());
            raw.sqlite3_bind_blob(key, 3, k.WrappedKey);
            if (!Step(db, key))
            {
                return false;
            }
        }

        return true;
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        return statement;
    }

    // One row: false on a constraint violation, an exception on anything else; the statement is reset either way.
    private static bool Step(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc == raw.SQLITE_DONE)
        {
            return true;
        }

        if ((rc & 0xFF) == raw.SQLITE_CONSTRAINT)
        {
            return false;
        }

        SqliteException.ThrowExceptionForRC(rc, db);
        return false;
    }

    private static async Task InsertCheckpointsAsync(SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<LedgerCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        foreach (var checkpoint in checkpoints)
        {
            using var insertCheckpoint = connection.CreateCommand();
            insertCheckpoint.Transaction = tx;
            insertCheckpoint.CommandText = "INSERT INTO checkpoints (seq, entry_hash, signed_at, public_key, signature) VALUES ($seq, $hash, $at, $key, $sig);";
            insertCheckpoint.Parameters.AddWithValue("$seq", checkpoint.Sequence);
            insertCheckpoint.Parameters.AddWithValue("$hash", checkpoint.EntryHash);
            insertCheckpoint.Parameters.AddWithValue("$at", checkpoint.SignedAt.ToUnixTimeMilliseconds());
            insertCheckpoint.Parameters.AddWithValue("$key", checkpoint.PublicKey);
            insertCheckpoint.Parameters.AddWithValue("$sig", checkpoint.Signature);
            await insertCheckpoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static DateTimeOffset AcceptedAt(System.Data.Common.DbDataReader reader) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3));

    private static bool KeyMatches(System.Data.Common.DbDataReader reader) => reader.GetInt64(9) == SenderKey(reader.GetString(2));

    private async ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            return await LedgerQuerySql.ReadEntriesAsync(command, AcceptedAt, cancellationToken).ConfigureAwait(false);
        }
    }
}
