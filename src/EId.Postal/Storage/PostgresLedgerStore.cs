using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using Npgsql;
using NpgsqlTypes;

namespace EId.Postal.Storage;

/// <summary>
/// The server ledger store on PostgreSQL. Entries are range-partitioned by acceptance month (UTC;
/// partitions are created on demand), waybill uniqueness is kept in an unpartitioned index table,
/// and appends are serialised across servers with a transaction-scoped advisory lock. The schema is
/// versioned in <c>schema_migrations</c> and migrated under the same lock.
/// </summary>
public sealed partial class PostgresLedgerStore : ILedgerStore
{

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly long _lockKey;
    private readonly ConcurrentDictionary<int, bool> _partitions = new();

    /// <summary>Creates a store in <paramref name="schema"/> of the database named by <paramref name="connectionString"/>.</summary>
    /// <exception cref="ArgumentException">The schema name is not lower-case letters, digits and '_' (max 48).</exception>
    public PostgresLedgerStore(string connectionString, string schema = "eid_postal")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException("The schema name is lower-case letters, digits and '_' (max 48), starting with a letter.", nameof(schema));
        }

        _schema = schema;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _lockKey = BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("eid.postal.ledger:" + schema)));
    }

    private string[] Migrations =>
    [
        $"""
        CREATE TABLE {_schema}.entries (
            seq bigint NOT NULL,
            waybill text NOT NULL,
            sender_token text NOT NULL,
            accepted_at timestamptz NOT NULL,
            origin text NOT NULL,
            destination text NOT NULL,
            body bytea NOT NULL,
            prev_hash bytea NOT NULL,
            entry_hash bytea NOT NULL,
            PRIMARY KEY (seq, accepted_at)) PARTITION BY RANGE (accepted_at);
        CREATE INDEX ix_entries_sender ON {_schema}.entries (sender_token, accepted_at);
        CREATE INDEX ix_entries_origin ON {_schema}.entries (origin, accepted_at);
        CREATE INDEX ix_entries_destination ON {_schema}.entries (destination, accepted_at);
        CREATE TABLE {_schema}.waybills (
            waybill text PRIMARY KEY,
            seq bigint NOT NULL UNIQUE,
            accepted_at timestamptz NOT NULL);
        CREATE TABLE {_schema}.data_keys (
            seq bigint PRIMARY KEY,
            accepted_at timestamptz NOT NULL,
            wrapped bytea NOT NULL);
        CREATE INDEX ix_data_keys_accepted ON {_schema}.data_keys (accepted_at);
        CREATE TABLE {_schema}.checkpoints (
            seq bigint PRIMARY KEY,
            entry_hash bytea NOT NULL,
            signed_at timestamptz NOT NULL,
            public_key bytea NOT NULL,
            signature bytea NOT NULL);
        CREATE TABLE {_schema}.audit (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL,
            officer text NOT NULL,
            roles text NOT NULL,
            query text NOT NULL,
            parameters text NOT NULL,
            allowed boolean NOT NULL,
            results integer NOT NULL);
        CREATE INDEX ix_audit_at ON {_schema}.audit (at);
        """,
    ];

    /// <inheritdoc />
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await LockAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, $"CREATE SCHEMA IF NOT EXISTS {_schema}; CREATE TABLE IF NOT EXISTS {_schema}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", cancellationToken).ConfigureAwait(false);
                using var versionCommand = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {_schema}.schema_migrations;", connection, tx);
                var version = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                var migrations = Migrations;
                if (version > migrations.Length)
                {
                    throw new InvalidOperationException($"The ledger schema has version {version}; this library knows up to {migrations.Length}.");
                }

                for (var v = version; v < migrations.Length; v++)
                {
                    await ExecuteAsync(connection, tx, migrations[v], cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, tx, $"INSERT INTO {_schema}.schema_migrations (version) VALUES ({v + 1});", cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<Result<LedgerBatch, Failure<ParcelError>>> AppendAsync(Func<LedgerHead, LedgerBatch> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await LockAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                var head = await ReadHeadAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                var batch = build(head);
                var months = batch.Entries.Select(e => MonthKey(e.AcceptedAt)).Distinct().Where(m => !_partitions.ContainsKey(m)).ToList();
                foreach (var month in months)
                {
                    await EnsurePartitionAsync(connection, tx, month, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    await InsertAsync(connection, tx, batch, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return new Failure<ParcelError>(ParcelError.DuplicateWaybill, "A waybill in the batch is already in the ledger.");
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var month in months)
                {
                    _partitions[month] = true;
                }

                return batch;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerCheckpoint?> CheckpointHeadAsync(Func<LedgerHead, LedgerCheckpoint> sign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sign);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                // The same advisory lock as appends: the head cannot move while it is signed.
                await LockAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                var head = await ReadHeadAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                using var exists = new NpgsqlCommand($"SELECT count(*) FROM {_schema}.checkpoints WHERE seq = @seq;", connection, tx);
                exists.Parameters.AddWithValue("seq", head.LastSequence);
                if (head.LastSequence == 0 || Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return null;
                }

                var checkpoint = sign(head);
                await InsertCheckpointsAsync(connection, tx, [checkpoint], cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return checkpoint;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerHead> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadHeadAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerEntry?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default)
    {
        // The waybill table gives the partition key, so the entry lookup touches one partition.
        var found = await ReadEntriesAsync(
            $"SELECT {LedgerQuerySql.Prefixed("e")} FROM {_schema}.waybills w JOIN {_schema}.entries e ON e.seq = w.seq AND e.accepted_at = w.accepted_at WHERE w.waybill = @w;",
            p => p.AddWithValue("w", waybillNumber),
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadEntriesAsync($"SELECT {LedgerQuerySql.EntryColumns} FROM {_schema}.entries WHERE {LedgerQuerySql.Where(query)} ORDER BY seq LIMIT @limit;", p => LedgerQuerySql.BindPostgres(p, query), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int count, CancellationToken cancellationToken = default) =>
        ReadEntriesAsync($"SELECT {LedgerQuerySql.EntryColumns} FROM {_schema}.entries WHERE seq >= @from ORDER BY seq LIMIT @count;", p =>
        {
            p.AddWithValue("from", fromSequence);
            p.AddWithValue("count", count);
        }, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<LedgerCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"SELECT seq, entry_hash, signed_at, public_key, signature FROM {_schema}.checkpoints ORDER BY seq;", connection);
            var list = new List<LedgerCheckpoint>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(new LedgerCheckpoint(reader.GetInt64(0), (byte[])reader[1], reader.GetFieldValue<DateTimeOffset>(2), (byte[])reader[3], (byte[])reader[4]));
                }
            }

            return list;
        }
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetDataKeyAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"SELECT wrapped FROM {_schema}.data_keys WHERE seq = @seq;", connection);
            command.Parameters.AddWithValue("seq", sequence);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        }
    }

    /// <inheritdoc />
    public async ValueTask<int> DeleteDataKeysAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"DELETE FROM {_schema}.data_keys WHERE accepted_at < @cutoff;", connection);
            command.Parameters.AddWithValue("cutoff", acceptedBefore.ToUniversalTime());
            var count = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            // Dead tuples keep the old bytes until vacuumed; reclaim them now rather than at autovacuum's leisure.
            using var vacuum = new NpgsqlCommand($"VACUUM {_schema}.data_keys;", connection);
            await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendAuditAsync(RegulatorAuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"INSERT INTO {_schema}.audit (at, officer, roles, query, parameters, allowed, results) VALUES (@at, @officer, @roles, @query, @parameters, @allowed, @results);", connection);
            command.Parameters.AddWithValue("at", LedgerCodec.ToStoredPrecision(record.At));
            command.Parameters.AddWithValue("officer", record.OfficerId);
            command.Parameters.AddWithValue("roles", record.Roles);
            command.Parameters.AddWithValue("query", record.Query);
            command.Parameters.AddWithValue("parameters", record.Parameters);
            command.Parameters.AddWithValue("allowed", record.Allowed);
            command.Parameters.AddWithValue("results", record.ResultCount);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RegulatorAuditRecord>> ReadAuditAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"SELECT at, officer, roles, query, parameters, allowed, results FROM {_schema}.audit WHERE at >= @from AND at < @to ORDER BY id;", connection);
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
            var list = new List<RegulatorAuditRecord>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(new RegulatorAuditRecord(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5), reader.GetInt32(6)));
                }
            }

            return list;
        }
    }

    /// <summary>Drops the whole schema (tests use a throwaway schema per run).</summary>
    public async ValueTask DropSchemaAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE;", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,47}$")]
    private static partial Regex SchemaName();

    private static int MonthKey(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return (utc.Year * 100) + utc.Month;
    }

    private async Task EnsurePartitionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, int month, CancellationToken cancellationToken)
    {
        var start = new DateTime(month / 100, month % 100, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = start.AddMonths(1);
        var sql = string.Create(CultureInfo.InvariantCulture,
            $"CREATE TABLE IF NOT EXISTS {_schema}.entries_p{month} PARTITION OF {_schema}.entries FOR VALUES FROM ('{start:yyyy-MM-dd}T00:00:00Z') TO ('{end:yyyy-MM-dd}T00:00:00Z');");
        await ExecuteAsync(connection, tx, sql, cancellationToken).ConfigureAwait(false);
    }

    private async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, tx);
        command.Parameters.AddWithValue("key", _lockKey);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<LedgerHead> ReadHeadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand($"SELECT seq, entry_hash FROM {_schema}.entries ORDER BY seq DESC LIMIT 1;", connection, tx);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new LedgerHead(reader.GetInt64(0), (byte[])reader[1])
                : LedgerHead.Empty;
        }
    }

    private async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LedgerBatch batch, CancellationToken cancellationToken)
    {
        var entries = batch.Entries;
        var times = entries.Select(e => e.AcceptedAt.UtcDateTime).ToArray();
        var seqs = entries.Select(e => e.Sequence).ToArray();
        var waybills = entries.Select(e => e.WaybillNumber).ToArray();

        // One round trip per table: arrays unnested server-side.
        using (var insertWaybills = new NpgsqlCommand($"INSERT INTO {_schema}.waybills (waybill, seq, accepted_at) SELECT * FROM unnest(@waybill, @seq, @at);", connection, tx))
        {
            insertWaybills.Parameters.AddWithValue("waybill", waybills);
            insertWaybills.Parameters.AddWithValue("seq", seqs);
            insertWaybills.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times });
            await insertWaybills.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var insert = new NpgsqlCommand($"INSERT INTO {_schema}.entries ({LedgerQuerySql.EntryColumns}) SELECT * FROM unnest(@seq, @waybill, @token, @at, @origin, @destination, @body, @prev, @hash);", connection, tx))
        {
            insert.Parameters.AddWithValue("seq", seqs);
            insert.Parameters.AddWithValue("waybill", waybills);
            insert.Parameters.AddWithValue("token", entries.Select(e => e.SenderToken).ToArray());
            insert.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times });
            insert.Parameters.AddWithValue("origin", entries.Select(e => e.OriginRegion).ToArray());
            insert.Parameters.AddWithValue("destination", entries.Select(e => e.DestinationRegion).ToArray());
            insert.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = entries.Select(e => e.Body).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("prev", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = entries.Select(e => e.PreviousHash).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = entries.Select(e => e.EntryHash).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (batch.Keys.Count > 0)
        {
            using var insertKeys = new NpgsqlCommand($"INSERT INTO {_schema}.data_keys (seq, accepted_at, wrapped) SELECT * FROM unnest(@seq, @at, @wrapped);", connection, tx);
            insertKeys.Parameters.AddWithValue("seq", batch.Keys.Select(k => k.Sequence).ToArray());
            insertKeys.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = batch.Keys.Select(k => k.AcceptedAt.UtcDateTime).ToArray() });
            insertKeys.Parameters.Add(new NpgsqlParameter("wrapped", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = batch.Keys.Select(k => k.WrappedKey).ToArray() });
            await insertKeys.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertCheckpointsAsync(connection, tx, batch.Checkpoints, cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertCheckpointsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<LedgerCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        foreach (var checkpoint in checkpoints)
        {
            using var insertCheckpoint = new NpgsqlCommand($"INSERT INTO {_schema}.checkpoints (seq, entry_hash, signed_at, public_key, signature) VALUES (@seq, @hash, @at, @key, @sig);", connection, tx);
            insertCheckpoint.Parameters.AddWithValue("seq", checkpoint.Sequence);
            insertCheckpoint.Parameters.AddWithValue("hash", checkpoint.EntryHash);
            insertCheckpoint.Parameters.AddWithValue("at", checkpoint.SignedAt.ToUniversalTime());
            insertCheckpoint.Parameters.AddWithValue("key", checkpoint.PublicKey);
            insertCheckpoint.Parameters.AddWithValue("sig", checkpoint.Signature);
            await insertCheckpoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }


    private async ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(sql, connection);
            bind(command.Parameters);
            return await LedgerQuerySql.ReadEntriesAsync(command, r => r.GetFieldValue<DateTimeOffset>(3), cancellationToken).ConfigureAwait(false);
        }
    }
}
