using EId.Postal.Ledger;
using EId.Postal.Parcels;
using Microsoft.Data.Sqlite;

namespace EId.Postal.Storage;

/// <summary>
/// The embedded ledger store: one SQLite file in WAL mode. Appends run in one
/// <c>BEGIN IMMEDIATE</c> transaction per batch with prepared statements, so a batch costs one
/// durable commit; <c>secure_delete</c> makes shredded data keys unrecoverable from free pages.
/// Safe for several writer processes on one file (the immediate transaction serialises them).
/// </summary>
public sealed class SqliteLedgerStore : ILedgerStore
{
    private const int SchemaVersion = 1;

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
    ];

    private const string EntryColumns = "seq, waybill, sender_token, accepted_at, origin, destination, body, prev_hash, entry_hash";

    private readonly string _connectionString;
    private readonly bool _fullSync;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;

    /// <summary>Creates a store for a file path or a SQLite connection string.</summary>
    /// <param name="pathOrConnectionString">A file path, or a connection string containing <c>Data Source=</c>.</param>
    /// <param name="fullSync">Sync the WAL on every commit (survives power loss), not only process crashes.</param>
    public SqliteLedgerStore(string pathOrConnectionString, bool fullSync = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        var builder = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(pathOrConnectionString)
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString };
        builder.Pooling = true;
        _connectionString = builder.ToString();
        _fullSync = fullSync;
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(_writer, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            using var versionCommand = _writer.CreateCommand();
            versionCommand.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException($"The ledger file has schema version {version}; this library knows up to {SchemaVersion}.");
            }

            for (var v = version; v < SchemaVersion; v++)
            {
                using var tx = _writer.BeginTransaction();
                await ExecuteAsync(_writer, Migrations[v], cancellationToken, tx).ConfigureAwait(false);
                await ExecuteAsync(_writer, $"PRAGMA user_version = {v + 1};", cancellationToken, tx).ConfigureAwait(false);
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
            try
            {
                await InsertAsync(connection, tx, batch, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new Failure<ParcelError>(ParcelError.DuplicateWaybill, "A waybill in the batch is already in the ledger.");
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return batch;
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
        var found = await ReadEntriesAsync($"SELECT {EntryColumns} FROM entries WHERE waybill = $w;", p => p.AddWithValue("$w", waybillNumber), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = $"SELECT {EntryColumns} FROM entries WHERE {LedgerQuerySql.Where(query)} ORDER BY seq LIMIT @limit;";
        return ReadEntriesAsync(sql, p =>
        {
            p.AddWithValue("@from", query.From.ToUnixTimeMilliseconds());
            p.AddWithValue("@to", query.To.ToUnixTimeMilliseconds());
            p.AddWithValue("@token", (object?)query.SenderToken ?? DBNull.Value);
            p.AddWithValue("@low", (object?)query.RegionLow ?? DBNull.Value);
            p.AddWithValue("@high", (object?)query.RegionHigh ?? DBNull.Value);
            p.AddWithValue("@limit", query.Limit);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int count, CancellationToken cancellationToken = default) =>
        ReadEntriesAsync($"SELECT {EntryColumns} FROM entries WHERE seq >= $from ORDER BY seq LIMIT $count;", p =>
        {
            p.AddWithValue("$from", fromSequence);
            p.AddWithValue("$count", count);
        }, cancellationToken);

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

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction tx, LedgerBatch batch, CancellationToken cancellationToken)
    {
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO entries ({EntryColumns}) VALUES ($seq, $waybill, $token, $at, $origin, $destination, $body, $prev, $hash);";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var waybill = insert.Parameters.Add("$waybill", SqliteType.Text);
            var token = insert.Parameters.Add("$token", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            var origin = insert.Parameters.Add("$origin", SqliteType.Text);
            var destination = insert.Parameters.Add("$destination", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Blob);
            var prev = insert.Parameters.Add("$prev", SqliteType.Blob);
            var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
            insert.Prepare();
            foreach (var entry in batch.Entries)
            {
                seq.Value = entry.Sequence;
                waybill.Value = entry.WaybillNumber;
                token.Value = entry.SenderToken;
                at.Value = entry.AcceptedAt.ToUnixTimeMilliseconds();
                origin.Value = entry.OriginRegion;
                destination.Value = entry.DestinationRegion;
                body.Value = entry.Body;
                prev.Value = entry.PreviousHash;
                hash.Value = entry.EntryHash;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (batch.Keys.Count > 0)
        {
            using var insertKey = connection.CreateCommand();
            insertKey.Transaction = tx;
            insertKey.CommandText = "INSERT INTO data_keys (seq, accepted_at, wrapped) VALUES ($seq, $at, $wrapped);";
            var seq = insertKey.Parameters.Add("$seq", SqliteType.Integer);
            var at = insertKey.Parameters.Add("$at", SqliteType.Integer);
            var wrapped = insertKey.Parameters.Add("$wrapped", SqliteType.Blob);
            insertKey.Prepare();
            foreach (var key in batch.Keys)
            {
                seq.Value = key.Sequence;
                at.Value = key.AcceptedAt.ToUnixTimeMilliseconds();
                wrapped.Value = key.WrappedKey;
                await insertKey.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var checkpoint in batch.Checkpoints)
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

    private async ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            return await LedgerQuerySql.ReadEntriesAsync(command, r => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), cancellationToken).ConfigureAwait(false);
        }
    }
}
