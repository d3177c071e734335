using System.Globalization;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using Npgsql;
using NpgsqlTypes;

namespace EId.Postal.Storage;

/// <summary>
/// One partition stream of a <see cref="PartitionedPostgresLedgerStore"/> as an <see cref="ILedgerStore"/>: its own chain
/// (sequences from 1), head row, checkpoints, waybills and data keys. Appends lock only this stream's head row, so other
/// streams append at the same time. The regulator audit log is shared by all streams. Disposing it does nothing: the
/// partitioned store owns the connections.
/// </summary>
public sealed class PostgresStreamLedgerStore : ILedgerStore
{
    private readonly PartitionedPostgresLedgerStore _owner;
    private readonly string _schema;

    internal PostgresStreamLedgerStore(PartitionedPostgresLedgerStore owner, int streamId)
    {
        _owner = owner;
        _schema = owner.Schema;
        StreamId = streamId;
    }

    /// <summary>This stream's id.</summary>
    public int StreamId { get; }

    /// <inheritdoc />
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => _owner.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask<Result<LedgerBatch, Failure<ParcelError>>> AppendAsync(Func<LedgerHead, LedgerBatch> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            for (var attempt = 1; ; attempt++)
            {
                var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    var head = await LockHeadAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                    var batch = build(head);
                    if (batch.Entries.Count == 0)
                    {
                        await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        return batch;
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
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation && attempt == 1)
                    {
                        // "No partition for row": the month's partitions do not exist yet. Create them outside this transaction
                        // (only once a month per month, not on every append), then build afresh.
                        await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        await _owner.EnsureMonthsAsync(batch.Entries.Select(e => e.AcceptedAt), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return batch;
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerCheckpoint?> CheckpointHeadAsync(Func<LedgerHead, LedgerCheckpoint> sign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sign);
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                // The head row lock appends take: the head cannot move while it is signed.
                var head = await LockHeadAsync(connection, tx, cancellationToken).ConfigureAwait(false);
                using var exists = new NpgsqlCommand($"SELECT count(*) FROM {_schema}.checkpoints WHERE stream = @stream AND seq = @seq;", connection, tx);
                exists.Parameters.AddWithValue("stream", StreamId);
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
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"SELECT seq, head_hash FROM {_schema}.streams WHERE stream = @stream;", connection);
            command.Parameters.AddWithValue("stream", StreamId);
            return await ReadHeadAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<LedgerEntry?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default)
    {
        // The waybill row gives stream and month: the entry lookup touches one sub-partition.
        var found = await ReadAsync(
            $"SELECT {LedgerQuerySql.Prefixed("e")} FROM {_schema}.waybills w JOIN {_schema}.entries e ON e.stream = w.stream AND e.seq = w.seq AND e.accepted_at = w.accepted_at WHERE w.stream = @stream AND w.waybill = @w;",
            p => p.AddWithValue("w", waybillNumber),
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync($"SELECT {LedgerQuerySql.EntryColumns} FROM {_schema}.entries WHERE stream = @stream AND {LedgerQuerySql.Where(query)} ORDER BY seq LIMIT @limit;", p => LedgerQuerySql.BindPostgres(p, query), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int count, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT {LedgerQuerySql.EntryColumns} FROM {_schema}.entries WHERE stream = @stream AND seq >= @from ORDER BY seq LIMIT @count;", p =>
        {
            p.AddWithValue("from", fromSequence);
            p.AddWithValue("count", count);
        }, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<LedgerCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"SELECT seq, entry_hash, signed_at, public_key, signature FROM {_schema}.checkpoints WHERE stream = @stream ORDER BY seq;", connection);
            command.Parameters.AddWithValue("stream", StreamId);
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
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"SELECT wrapped FROM {_schema}.data_keys WHERE stream = @stream AND seq = @seq;", connection);
            command.Parameters.AddWithValue("stream", StreamId);
            command.Parameters.AddWithValue("seq", sequence);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        }
    }

    /// <inheritdoc />
    public async ValueTask<int> DeleteDataKeysAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken = default)
    {
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand($"DELETE FROM {_schema}.data_keys WHERE stream = @stream AND accepted_at < @before;", connection);
            command.Parameters.AddWithValue("stream", StreamId);
            command.Parameters.AddWithValue("before", acceptedBefore.ToUniversalTime());
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendAuditAsync(RegulatorAuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Nothing to release: the partitioned store owns the data source.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Short summary.</summary>
    public override string ToString() => $"PostgresStreamLedgerStore({_schema}, stream {StreamId})";

    private async Task<LedgerHead> LockHeadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand($"SELECT seq, head_hash FROM {_schema}.streams WHERE stream = @stream FOR UPDATE;", connection, tx);
        command.Parameters.AddWithValue("stream", StreamId);
        return await ReadHeadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LedgerHead> ReadHeadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new LedgerHead(reader.GetInt64(0), (byte[])reader[1])
                : throw new InvalidOperationException($"Stream {StreamId} has no head row: initialise the store first.");
        }
    }

    private async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LedgerBatch batch, CancellationToken cancellationToken)
    {
        var entries = batch.Entries;
        var times = entries.Select(e => e.AcceptedAt.UtcDateTime).ToArray();
        var seqs = entries.Select(e => e.Sequence).ToArray();
        var waybills = entries.Select(e => e.WaybillNumber).ToArray();

        // Entries first: a month without partitions fails here, before anything else is written.
        using (var insert = new NpgsqlCommand($"INSERT INTO {_schema}.entries (stream, {LedgerQuerySql.EntryColumns}) SELECT @stream, * FROM unnest(@seq, @waybill, @token, @at, @origin, @destination, @body, @prev, @hash);", connection, tx))
        {
            insert.Parameters.AddWithValue("stream", StreamId);
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

        using (var insertWaybills = new NpgsqlCommand($"INSERT INTO {_schema}.waybills (stream, waybill, seq, accepted_at) SELECT @stream, * FROM unnest(@waybill, @seq, @at);", connection, tx))
        {
            insertWaybills.Parameters.AddWithValue("stream", StreamId);
            insertWaybills.Parameters.AddWithValue("waybill", waybills);
            insertWaybills.Parameters.AddWithValue("seq", seqs);
            insertWaybills.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times });
            await insertWaybills.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (batch.Keys.Count > 0)
        {
            using var insertKeys = new NpgsqlCommand($"INSERT INTO {_schema}.data_keys (stream, seq, accepted_at, wrapped) SELECT @stream, * FROM unnest(@seq, @at, @wrapped);", connection, tx);
            insertKeys.Parameters.AddWithValue("stream", StreamId);
            insertKeys.Parameters.AddWithValue("seq", batch.Keys.Select(k => k.Sequence).ToArray());
            insertKeys.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = batch.Keys.Select(k => k.AcceptedAt.UtcDateTime).ToArray() });
            insertKeys.Parameters.Add(new NpgsqlParameter("wrapped", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = batch.Keys.Select(k => k.WrappedKey).ToArray() });
            await insertKeys.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertCheckpointsAsync(connection, tx, batch.Checkpoints, cancellationToken).ConfigureAwait(false);
        var last = entries[^1];
        using var advance = new NpgsqlCommand($"UPDATE {_schema}.streams SET seq = @seq, head_hash = @hash WHERE stream = @stream;", connection, tx);
        advance.Parameters.AddWithValue("stream", StreamId);
        advance.Parameters.AddWithValue("seq", last.Sequence);
        advance.Parameters.AddWithValue("hash", last.EntryHash);
        await advance.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertCheckpointsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<LedgerCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        foreach (var checkpoint in checkpoints)
        {
            using var insert = new NpgsqlCommand($"INSERT INTO {_schema}.checkpoints (stream, seq, entry_hash, signed_at, public_key, signature) VALUES (@stream, @seq, @hash, @at, @key, @sig);", connection, tx);
            insert.Parameters.AddWithValue("stream", StreamId);
            insert.Parameters.AddWithValue("seq", checkpoint.Sequence);
            insert.Parameters.AddWithValue("hash", checkpoint.EntryHash);
            insert.Parameters.AddWithValue("at", checkpoint.SignedAt.ToUniversalTime());
            insert.Parameters.AddWithValue("key", checkpoint.PublicKey);
            insert.Parameters.AddWithValue("sig", checkpoint.Signature);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }


    private async ValueTask<IReadOnlyList<LedgerEntry>> ReadAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        var connection = await _owner.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("stream", StreamId);
            bind(command.Parameters);
            return await LedgerQuerySql.ReadEntriesAsync(command, r => r.GetFieldValue<DateTimeOffset>(3), cancellationToken).ConfigureAwait(false);
        }
    }
}
