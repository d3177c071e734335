using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EId.Postal.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace EId.Postal.Storage;

/// <summary>
/// The national parcel ledger on PostgreSQL: <see cref="StreamCount"/> independent hash chains ("partition streams", see
/// <see cref="StreamRouter"/>) in one schema. Entries are range-partitioned by acceptance month (UTC) and each month
/// list-partitioned by stream (<c>entries_p202611_s3</c>); data keys are list-partitioned by stream, and waybills hash-partitioned by
/// waybill with one primary key over all streams, so a waybill is unique in the whole ledger whichever stream it was written to. Each stream
/// keeps its head in a row of <c>streams</c>, locked with <c>SELECT … FOR UPDATE</c> by its appends, so appends on different
/// streams run in parallel and only appends on one stream serialise. <see cref="Stream"/> gives each stream as an
/// <see cref="ILedgerStore"/> (a <see cref="ParcelLedger"/> runs over it unchanged); the store also keeps the signed tree heads.
/// </summary>
public sealed partial class PartitionedPostgresLedgerStore : IAsyncDisposable
{

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStreamLedgerStore[] _streams;
    private readonly ConcurrentDictionary<int, bool> _months = new();
    private readonly long _schemaLockKey;
    private readonly long _partitionLockKey;
    private volatile bool _initialized;

    /// <summary>Creates a store of <paramref name="streamCount"/> streams in <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentException">The schema name is not lower-case letters, digits and '_' (max 40).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The stream count is not 1 to <see cref="StreamRouter.MaxStreams"/>.</exception>
    public PartitionedPostgresLedgerStore(string connectionString, int streamCount, string schema = "eid_postal_national")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        Router = new StreamRouter(streamCount);
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException("The schema name is lower-case letters, digits and '_' (max 40), starting with a letter.", nameof(schema));
        }

        Schema = schema;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        _dataSource = builder.Build();
        _schemaLockKey = LockKey("schema");
        _partitionLockKey = LockKey("partitions");
        _streams = [.. Enumerable.Range(0, streamCount).Select(s => new PostgresStreamLedgerStore(this, s))];
    }

    /// <summary>The schema holding the tables.</summary>
    public string Schema { get; }

    /// <summary>How many streams.</summary>
    public int StreamCount => _streams.Length;

    /// <summary>Maps waybills to streams.</summary>
    public StreamRouter Router { get; }

    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>The store of one stream.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="streamId"/> is not a stream.</exception>
    public ILedgerStore Stream(int streamId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(streamId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(streamId, _streams.Length);
        return _streams[streamId];
    }

    private string[] Migrations =>
    [
        $"""
        CREATE TABLE {Schema}.meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE {Schema}.streams (stream integer PRIMARY KEY, seq bigint NOT NULL, head_hash bytea NOT NULL);
        CREATE TABLE {Schema}.entries (
            stream integer NOT NULL,
            seq bigint NOT NULL,
            waybill text NOT NULL,
            sender_token text NOT NULL,
            accepted_at timestamptz NOT NULL,
            origin text NOT NULL,
            destination text NOT NULL,
            body bytea NOT NULL,
            prev_hash bytea NOT NULL,
            entry_hash bytea NOT NULL,
            PRIMARY KEY (stream, seq, accepted_at)) PARTITION BY RANGE (accepted_at);
        CREATE INDEX ix_entries_sender ON {Schema}.entries (sender_token, accepted_at);
        CREATE INDEX ix_entries_origin ON {Schema}.entries (origin, accepted_at);
        CREATE INDEX ix_entries_destination ON {Schema}.entries (destination, accepted_at);
        CREATE TABLE {Schema}.waybills (
            waybill text PRIMARY KEY,
            stream integer NOT NULL,
            seq bigint NOT NULL,
            accepted_at timestamptz NOT NULL) PARTITION BY HASH (waybill);
        CREATE TABLE {Schema}.data_keys (
            stream integer NOT NULL,
            seq bigint NOT NULL,
            accepted_at timestamptz NOT NULL,
            wrapped bytea NOT NULL,
            PRIMARY KEY (stream, seq)) PARTITION BY LIST (stream);
        CREATE INDEX ix_data_keys_accepted ON {Schema}.data_keys (accepted_at);
        CREATE TABLE {Schema}.checkpoints (
            stream integer NOT NULL,
            seq bigint NOT NULL,
            entry_hash bytea NOT NULL,
            signed_at timestamptz NOT NULL,
            public_key bytea NOT NULL,
            signature bytea NOT NULL,
            PRIMARY KEY (stream, seq));
        CREATE TABLE {Schema}.tree_heads (
            tree_size bigint PRIMARY KEY,
            signed_at timestamptz NOT NULL,
            stream_count integer NOT NULL,
            streams_root bytea NOT NULL,
            log_root bytea NOT NULL,
            leaf_hash bytea NOT NULL,
            public_key bytea NOT NULL,
            signature bytea NOT NULL);
        CREATE TABLE {Schema}.tree_head_streams (
            tree_size bigint NOT NULL,
            stream integer NOT NULL,
            seq bigint NOT NULL,
            head_hash bytea NOT NULL,
            PRIMARY KEY (tree_size, stream));
        CREATE TABLE {Schema}.audit (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL,
            officer text NOT NULL,
            roles text NOT NULL,
            query text NOT NULL,
            parameters text NOT NULL,
            allowed boolean NOT NULL,
            results integer NOT NULL);
        CREATE INDEX ix_audit_at ON {Schema}.audit (at);
        """,
    ];

    /// <summary>
    /// Creates or migrates the schema and the streams (idempotent; serialised across servers by an advisory lock).
    /// </summary>
    /// <exception cref="InvalidOperationException">The schema exists with another stream count, or a newer schema version.</exception>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        // Every stream's ledger initialises its store: once per process is enough (a race runs it twice, harmlessly).
        if (_initialized)
        {
            return;
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await AdvisoryLockAsync(connection, tx, _schemaLockKey, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, $"CREATE SCHEMA IF NOT EXISTS {Schema}; CREATE TABLE IF NOT EXISTS {Schema}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", cancellationToken).ConfigureAwait(false);
                using var versionCommand = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {Schema}.schema_migrations;", connection, tx);
                var version = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                var migrations = Migrations;
                if (version > migrations.Length)
                {
                    throw new InvalidOperationException($"The ledger schema has version {version}; this library knows up to {migrations.Length}.");
                }

                for (var v = version; v < migrations.Length; v++)
                {
                    await ExecuteAsync(connection, tx, migrations[v], cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, tx, $"INSERT INTO {Schema}.schema_migrations (version) VALUES ({v + 1});", cancellationToken).ConfigureAwait(false);
                }

                using (var count = new NpgsqlCommand($"INSERT INTO {Schema}.meta (key, value) VALUES ('streams', @n) ON CONFLICT (key) DO NOTHING; SELECT value FROM {Schema}.meta WHERE key = 'streams';", connection, tx))
                {
                    count.Parameters.AddWithValue("n", StreamCount.ToString(CultureInfo.InvariantCulture));
                    var stored = (string?)await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    if (stored != StreamCount.ToString(CultureInfo.InvariantCulture))
                    {
                        // Waybills are routed by stream count: changing it would send lookups to the wrong chain.
                        throw new InvalidOperationException($"The ledger in schema {Schema} has {stored} streams; this store is configured with {StreamCount}.");
                    }
                }

                var sql = new StringBuilder();
                for (var s = 0; s < StreamCount; s++)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO {Schema}.streams (stream, seq, head_hash) VALUES ({s}, 0, '\\x{new string('0', 64)}'::bytea) ON CONFLICT DO NOTHING;");
                    sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS {Schema}.waybills_h{s} PARTITION OF {Schema}.waybills FOR VALUES WITH (MODULUS {StreamCount}, REMAINDER {s});");
                    sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS {Schema}.data_keys_s{s} PARTITION OF {Schema}.data_keys FOR VALUES IN ({s});");
                }

                await ExecuteAsync(connection, tx, sql.ToString(), cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _initialized = true;
    }

    /// <summary>The current head of every stream, in stream order, read in one statement (one consistent snapshot).</summary>
    public async ValueTask<IReadOnlyList<StreamHead>> ReadStreamHeadsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadHeadsAsync(connection, null, $"SELECT stream, seq, head_hash FROM {Schema}.streams ORDER BY stream;", null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Appends a tree head: inside one transaction (serialised against other tree-head writers) reads every stream head and the
    /// tree-head log's leaf hashes, calls <paramref name="sign"/> and stores the tree head with the stream heads it covers.
    /// </summary>
    public async ValueTask<SignedTreeHead> AppendTreeHeadAsync(Func<IReadOnlyList<StreamHead>, IReadOnlyList<byte[]>, SignedTreeHead> sign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sign);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await AdvisoryLockAsync(connection, tx, LockKey("tree_heads"), cancellationToken).ConfigureAwait(false);
                var heads = await ReadHeadsAsync(connection, tx, $"SELECT stream, seq, head_hash FROM {Schema}.streams ORDER BY stream;", null, cancellationToken).ConfigureAwait(false);
                var leaves = await ReadLogLeavesAsync(connection, tx, long.MaxValue, cancellationToken).ConfigureAwait(false);
                var head = sign(heads, leaves);
                using (var insert = new NpgsqlCommand($"INSERT INTO {Schema}.tree_heads (tree_size, signed_at, stream_count, streams_root, log_root, leaf_hash, public_key, signature) VALUES (@size, @at, @count, @sroot, @lroot, @leaf, @key, @sig);", connection, tx))
                {
                    insert.Parameters.AddWithValue("size", head.TreeSize);
                    insert.Parameters.AddWithValue("at", head.Timestamp.ToUniversalTime());
                    insert.Parameters.AddWithValue("count", head.StreamCount);
                    insert.Parameters.AddWithValue("sroot", head.StreamsRoot);
                    insert.Parameters.AddWithValue("lroot", head.LogRoot);
                    insert.Parameters.AddWithValue("leaf", head.LogLeafHash());
                    insert.Parameters.AddWithValue("key", head.PublicKey);
                    insert.Parameters.AddWithValue("sig", head.Signature);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using (var insertStreams = new NpgsqlCommand($"INSERT INTO {Schema}.tree_head_streams (tree_size, stream, seq, head_hash) SELECT @size, * FROM unnest(@stream, @seq, @hash);", connection, tx))
                {
                    insertStreams.Parameters.AddWithValue("size", head.TreeSize);
                    insertStreams.Parameters.AddWithValue("stream", heads.Select(h => h.StreamId).ToArray());
                    insertStreams.Parameters.AddWithValue("seq", heads.Select(h => h.Length).ToArray());
                    insertStreams.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = heads.Select(h => h.HeadHash).ToArray() });
                    await insertStreams.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return head;
            }
        }
    }

    /// <summary>The tree head of <paramref name="treeSize"/> (the newest when null), or null when none was published.</summary>
    public async ValueTask<SignedTreeHead?> ReadTreeHeadAsync(string ledgerId, long? treeSize = null, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var where = treeSize is null ? string.Empty : "WHERE tree_size = @size";
            using var command = new NpgsqlCommand($"SELECT tree_size, signed_at, stream_count, streams_root, log_root, public_key, signature FROM {Schema}.tree_heads {where} ORDER BY tree_size DESC LIMIT 1;", connection);
            command.Parameters.AddWithValue("size", treeSize ?? 0);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new SignedTreeHead(ledgerId, reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt32(2), (byte[])reader[3], (byte[])reader[4], (byte[])reader[5], (byte[])reader[6]);
            }
        }
    }

    /// <summary>The stream heads tree head <paramref name="treeSize"/> covers, in stream order (empty when there is no such tree head).</summary>
    public async ValueTask<IReadOnlyList<StreamHead>> ReadTreeHeadStreamsAsync(long treeSize, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadHeadsAsync(connection, null, $"SELECT stream, seq, head_hash FROM {Schema}.tree_head_streams WHERE tree_size = @size ORDER BY stream;", treeSize, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The leaf hashes of the tree-head log's first <paramref name="count"/> tree heads.</summary>
    public async ValueTask<IReadOnlyList<byte[]>> ReadTreeHeadLogAsync(long count, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadLogLeavesAsync(connection, null, count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops the whole schema (tests and benchmarks use a throwaway schema).</summary>
    public async ValueTask DropSchemaAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, null, $"DROP SCHEMA IF EXISTS {Schema} CASCADE;", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// Creates the month partitions (and their per-stream sub-partitions) the entries need, in their own transaction under a
    /// schema-wide advisory lock: creating a partition locks the parent briefly, so it happens once a month, not per append.
    /// </summary>
    internal async ValueTask EnsureMonthsAsync(IEnumerable<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        var months = times.Select(MonthKey).Distinct().Where(m => !_months.ContainsKey(m)).ToList();
        if (months.Count == 0)
        {
            return;
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await AdvisoryLockAsync(connection, tx, _partitionLockKey, cancellationToken).ConfigureAwait(false);
                foreach (var month in months)
                {
                    var start = new DateTime(month / 100, month % 100, 1, 0, 0, 0, DateTimeKind.Utc);
                    var end = start.AddMonths(1);
                    var sql = new StringBuilder();
                    sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS {Schema}.entries_p{month} PARTITION OF {Schema}.entries FOR VALUES FROM ('{start:yyyy-MM-dd}T00:00:00Z') TO ('{end:yyyy-MM-dd}T00:00:00Z') PARTITION BY LIST (stream);");
                    for (var s = 0; s < StreamCount; s++)
                    {
                        sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS {Schema}.entries_p{month}_s{s} PARTITION OF {Schema}.entries_p{month} FOR VALUES IN ({s});");
                    }

                    await ExecuteAsync(connection, tx, sql.ToString(), cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var month in months)
        {
            _months[month] = true;
        }
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex SchemaName();

    private static int MonthKey(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return (utc.Year * 100) + utc.Month;
    }

    private long LockKey(string purpose) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"eid.postal.national:{Schema}:{purpose}")));

    private static async Task AdvisoryLockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long key, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, tx);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<StreamHead>> ReadHeadsAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, long? treeSize, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        if (treeSize is { } size)
        {
            command.Parameters.AddWithValue("size", size);
        }

        var heads = new List<StreamHead>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                heads.Add(new StreamHead(reader.GetInt32(0), reader.GetInt64(1), (byte[])reader[2]));
            }
        }

        return heads;
    }

    private async Task<IReadOnlyList<byte[]>> ReadLogLeavesAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long count, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand($"SELECT leaf_hash FROM {Schema}.tree_heads WHERE tree_size <= @count ORDER BY tree_size;", connection, tx);
        command.Parameters.AddWithValue("count", count);
        var leaves = new List<byte[]>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leaves.Add((byte[])reader[0]);
            }
        }

        return leaves;
    }
}
