using EId.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace EId.Risk.Policies;

/// <summary>
/// Exact sliding-window counters in PostgreSQL, shared by every gateway instance on the same schema: one row per
/// counted event. Check and count run in one transaction under a transaction-scoped advisory lock on the key, so
/// concurrent callers on any instance are serialised per key and a limit of L lets exactly L through.
/// Expired rows of a key go when the key is counted again; rows of idle keys are pruned as counts go by.
/// </summary>
public sealed class PostgresVelocityCounter : IVelocityCounter, IAsyncDisposable, IDisposable
{
    private const int PruneEvery = 1024;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaSetup _setup;
    private readonly string _schema;
    private int _sincePrune;

    /// <summary>Creates a counter over <paramref name="connectionString"/> in <paramref name="schema"/> (table created on first use).</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresVelocityCounter(string connectionString, string schema = "eid_risk")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _schema = PostgresSchemaSetup.CheckSchema(schema, nameof(schema));
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _setup = new PostgresSchemaSetup(_dataSource, _schema, $"""
            CREATE TABLE IF NOT EXISTS {_schema}.velocity_hits (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                counter_key text NOT NULL,
                at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS velocity_hits_key ON {_schema}.velocity_hits (counter_key, at);
            CREATE INDEX IF NOT EXISTS velocity_hits_expiry ON {_schema}.velocity_hits (expires_at);
            """);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryAcquireAsync(string key, DateTimeOffset now, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var at = now.UtcDateTime;
        var cutoff = (now - window).UtcDateTime;
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var batch = new NpgsqlBatch(connection, transaction);
                await using (batch.ConfigureAwait(false))
                {
                    // Every event still in the window counts, also one stamped a little later by a concurrent caller (as in memory).
                    batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", key));
                    batch.BatchCommands.Add(Command($"DELETE FROM {_schema}.velocity_hits WHERE counter_key = @key AND at <= @cutoff", key, cutoff));
                    var insert = Command($"""
                        INSERT INTO {_schema}.velocity_hits (counter_key, at, expires_at)
                        SELECT @key, @at, @expires
                        WHERE (SELECT count(*) FROM {_schema}.velocity_hits WHERE counter_key = @key AND at > @cutoff) < @limit
                        """, key, cutoff);
                    insert.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, at);
                    insert.Parameters.AddWithValue("expires", NpgsqlDbType.TimestampTz, (now + window).UtcDateTime);
                    insert.Parameters.AddWithValue("limit", (long)limit);
                    batch.BatchCommands.Add(insert);
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    var counted = insert.RecordsAffected == 1;
                    if (Interlocked.Increment(ref _sincePrune) >= PruneEvery)
                    {
                        Interlocked.Exchange(ref _sincePrune, 0);
                        await PruneAsync(now, cancellationToken).ConfigureAwait(false);
                    }

                    return counted;
                }
            }
        }
    }

    /// <summary>Number of events counted for <paramref name="key"/> in the window ending at <paramref name="now"/>.</summary>
    public async ValueTask<int> CountInAsync(string key, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"SELECT count(*) FROM {_schema}.velocity_hits WHERE counter_key = @key AND at > @cutoff AND at <= @at");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("cutoff", NpgsqlDbType.TimestampTz, (now - window).UtcDateTime);
            command.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, now.UtcDateTime);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Deletes the rows that no longer count in any window; returns how many.</summary>
    public async ValueTask<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"DELETE FROM {_schema}.velocity_hits WHERE expires_at <= @now");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now.UtcDateTime);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _setup.Dispose();
    }

    /// <summary>Closes the connection pool.</summary>
    public void Dispose()
    {
        _dataSource.Dispose();
        _setup.Dispose();
    }

    private static NpgsqlBatchCommand Command(string sql, string key, DateTime? cutoff = null)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("key", key);
        if (cutoff is { } value)
        {
            command.Parameters.AddWithValue("cutoff", NpgsqlDbType.TimestampTz, value);
        }

        return command;
    }
}
