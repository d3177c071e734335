using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace EId.Risk.Store;

/// <summary>
/// The risk store in PostgreSQL (Npgsql): <c>risk_events</c> is declaratively partitioned by month on
/// the event time; partitions are created ahead (this month and the next) by the migration and on
/// demand by appends. Migrations are versioned in <c>schema_version</c> and applied under an advisory
/// lock on first use. Append-only is enforced by a statement trigger. Appends use binary COPY in one
/// transaction. Times are kept in UTC with millisecond precision. Thread-safe.
/// </summary>
public sealed class PostgresRiskStore : IRiskStore, IAsyncDisposable, IDisposable
{
    /// <summary>The newest migration this code knows.</summary>
    public const int SchemaVersion = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _migration = new(1, 1);
    private readonly ConcurrentDictionary<int, bool> _partitions = new();
    private volatile bool _migrated;

    /// <summary>Creates a store over <paramref name="connectionString"/> in <paramref name="schema"/> (created when missing).</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresRiskStore(string connectionString, string schema = "eid_risk", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (!EId.Storage.StorageOptions.IsSchemaName(schema))
        {
            throw new ArgumentException("The schema must match [a-z_][a-z0-9_]{0,62}.", nameof(schema));
        }

        _schema = schema;
        _time = timeProvider ?? TimeProvider.System;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The schema holding the tables.</summary>
    public string Schema => _schema;

    /// <summary>Applies missing migrations (also done automatically on first use); returns the schema version.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _migration.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock(hashtext('{_schema}.migrate'))", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"""
                CREATE SCHEMA IF NOT EXISTS {_schema};
                CREATE TABLE IF NOT EXISTS {_schema}.schema_version (
                    version integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now());
                """, cancellationToken).ConfigureAwait(false);
            int current;
            var versionCommand = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {_schema}.schema_version", connection, transaction);
            await using (versionCommand.ConfigureAwait(false))
            {
                current = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }

            if (current > SchemaVersion)
            {
                throw new InvalidOperationException($"The risk store schema is version {current}; this code knows up to {SchemaVersion}.");
            }

            var migrations = Migrations();
            for (var version = current + 1; version <= SchemaVersion; version++)
            {
                await ExecuteAsync(connection, transaction, migrations[version - 1], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, $"INSERT INTO {_schema}.schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

            // Partitions ahead: this month and the next, so appends rarely pay for a DDL.
            var now = _time.GetUtcNow();
            await EnsurePartitionAsync(MonthKey(now), cancellationToken).ConfigureAwait(false);
            await EnsurePartitionAsync(MonthKey(now.AddMonths(1)), cancellationToken).ConfigureAwait(false);
            _migrated = true;
            return SchemaVersion;
        }
        finally
        {
            _migration.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">An event with the same id and time is already stored.</exception>
    public ValueTask AppendAsync(RiskEvent riskEvent, CancellationToken cancellationToken = default) =>
        AppendBatchAsync([riskEvent], cancellationToken);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">An event with the same id and time is already stored (nothing of the batch is stored).</exception>
    public async ValueTask AppendBatchAsync(IReadOnlyList<RiskEvent> riskEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(riskEvents);
        if (riskEvents.Count == 0)
        {
            return;
        }

        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var month in riskEvents.Select(e => MonthKey(e.At)).Distinct())
        {
            await EnsurePartitionAsync(month, cancellationToken).ConfigureAwait(false);
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        try
        {
            var import = await connection.BeginBinaryImportAsync(
                $"COPY {_schema}.risk_events (id, at, action, decision, reasons, device_id, site_id, subject_key, subject_masked, request_id) FROM STDIN (FORMAT BINARY)",
                cancellationToken).ConfigureAwait(false);
            await using (import.ConfigureAwait(false))
            {
                foreach (var riskEvent in riskEvents)
                {
                    ArgumentNullException.ThrowIfNull(riskEvent);
                    await import.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(riskEvent.Id, NpgsqlDbType.Uuid, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(RiskEventFilter.ToStoredTime(riskEvent.At).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(riskEvent.Action, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync((short)riskEvent.Decision, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                    await import.WriteAsync(RiskReasonsJson.Write(riskEvent.Reasons), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, riskEvent.DeviceId, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, riskEvent.SiteId, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, riskEvent.SubjectKey, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, riskEvent.SubjectMasked, cancellationToken).ConfigureAwait(false);
                    await WriteNullableAsync(import, riskEvent.RequestId, cancellationToken).ConfigureAwait(false);
                }

                await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException("A risk event with the same id is already stored; the store is append-only.", exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RiskEvent>> QueryAsync(RiskEventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand(RiskQuerySql.Select(query, $"{_schema}.risk_events", "at", "reasons::text"), connection);
        await using var commandScope = command.ConfigureAwait(false);
        // UTC DateTime binds as timestamptz and short as smallint, the column types.
        RiskQuerySql.Bind(command, query, at => RiskEventFilter.ToStoredTime(at).UtcDateTime, decision => (short)decision);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var events = new List<RiskEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(RiskQuerySql.Read(
                reader,
                r => r.GetGuid(0),
                r => new DateTimeOffset(r.GetFieldValue<DateTime>(1), TimeSpan.Zero),
                r => (RiskDecision)r.GetInt16(3)));
        }

        return events;
    }

    /// <summary>Names of the existing monthly partitions, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListPartitionsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand("""
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = p.relnamespace
            WHERE n.nspname = @schema AND p.relname = 'risk_events'
            ORDER BY c.relname
            """, connection);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("schema", _schema);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Closes the connection pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _migration.Dispose();
    }

    /// <summary>Closes the connection pool.</summary>
    public void Dispose()
    {
        _dataSource.Dispose();
        _migration.Dispose();
    }

    private string[] Migrations() =>
    [
        // 1: the partitioned event table and its query indexes.
        $"""
        CREATE TABLE {_schema}.risk_events (
            seq bigserial NOT NULL,
            id uuid NOT NULL,
            at timestamptz NOT NULL,
            action text NOT NULL,
            decision smallint NOT NULL,
            reasons jsonb NOT NULL,
            device_id text,
            site_id text,
            subject_key text,
            subject_masked text,
            request_id text,
            PRIMARY KEY (id, at)
        ) PARTITION BY RANGE (at);
        CREATE INDEX risk_events_subject ON {_schema}.risk_events (subject_key, at);
        CREATE INDEX risk_events_device ON {_schema}.risk_events (device_id, at);
        """,

        // 2: append-only: refuse UPDATE, DELETE and TRUNCATE through the parent table.
        $"""
        CREATE FUNCTION {_schema}.risk_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'risk_events is append-only';
        END
        $$;
        CREATE TRIGGER risk_events_no_change BEFORE UPDATE OR DELETE ON {_schema}.risk_events
            FOR EACH STATEMENT EXECUTE FUNCTION {_schema}.risk_events_append_only();
        CREATE TRIGGER risk_events_no_truncate BEFORE TRUNCATE ON {_schema}.risk_events
            FOR EACH STATEMENT EXECUTE FUNCTION {_schema}.risk_events_append_only();
        """,
    ];

    private async ValueTask EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask EnsurePartitionAsync(int month, CancellationToken cancellationToken)
    {
        if (_partitions.ContainsKey(month))
        {
            return;
        }

        var start = new DateTime(month / 12, (month % 12) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = start.AddMonths(1);
        var name = $"risk_events_p{start:yyyyMM}";
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        // The lock serialises concurrent creators (also across processes); IF NOT EXISTS makes it idempotent.
        await ExecuteAsync(connection, transaction, $"""
            SELECT pg_advisory_xact_lock(hashtext('{_schema}.partition'));
            CREATE TABLE IF NOT EXISTS {_schema}.{name} PARTITION OF {_schema}.risk_events
                FOR VALUES FROM ('{start:yyyy-MM-dd} 00:00:00+00') TO ('{end:yyyy-MM-dd} 00:00:00+00');
            """, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _partitions[month] = true;
    }

    private static int MonthKey(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return (utc.Year * 12) + utc.Month - 1;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter import, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await import.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await import.WriteAsync(value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }
    }
}
