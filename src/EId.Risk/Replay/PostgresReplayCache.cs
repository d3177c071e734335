using Npgsql;
using NpgsqlTypes;

namespace EId.Risk.Replay;

/// <summary>
/// A durable replay cache in PostgreSQL, shared by every gateway instance that uses the same schema:
/// one row per (device, nonce) with its expiry; registration is one atomic insert-or-take-over-if-expired
/// statement; expired rows are pruned as registrations go by. The table is created on first use.
/// </summary>
public sealed class PostgresReplayCache : IReplayCache, IAsyncDisposable, IDisposable
{
    private const int PruneEvery = 1024;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private volatile bool _ready;
    private int _sincePrune;

    /// <summary>Creates a cache over <paramref name="connectionString"/> in <paramref name="schema"/> (created when missing).</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresReplayCache(string connectionString, string schema = "eid_risk", TimeProvider? timeProvider = null)
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

    /// <inheritdoc />
    public async ValueTask<bool> TryRegisterAsync(string deviceId, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(nonce);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow().UtcDateTime;
        if (Interlocked.Increment(ref _sincePrune) >= PruneEvery)
        {
            Interlocked.Exchange(ref _sincePrune, 0);
            await PruneAsync(now, cancellationToken).ConfigureAwait(false);
        }

        var command = _dataSource.CreateCommand($"""
            INSERT INTO {_schema}.replay_nonces (device_id, nonce, expires_at) VALUES (@device, @nonce, @expires)
            ON CONFLICT (device_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
            WHERE {_schema}.replay_nonces.expires_at <= @now
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("device", deviceId);
            command.Parameters.AddWithValue("nonce", nonce);
            command.Parameters.AddWithValue("expires", NpgsqlDbType.TimestampTz, expiresAt.UtcDateTime);
            command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <summary>Deletes expired nonces now; returns how many.</summary>
    public async Task<int> PruneExpiredAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await PruneAsync(_time.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
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

    private async Task<int> PruneAsync(DateTime now, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand($"DELETE FROM {_schema}.replay_nonces WHERE expires_at <= @now");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // The advisory lock serialises concurrent creators across processes; IF NOT EXISTS makes it idempotent.
                    var command = new NpgsqlCommand($"""
                        SELECT pg_advisory_xact_lock(hashtext('{_schema}.migrate'));
                        CREATE SCHEMA IF NOT EXISTS {_schema};
                        CREATE TABLE IF NOT EXISTS {_schema}.replay_nonces (
                            device_id text NOT NULL,
                            nonce text NOT NULL,
                            expires_at timestamptz NOT NULL,
                            PRIMARY KEY (device_id, nonce));
                        CREATE INDEX IF NOT EXISTS replay_nonces_expiry ON {_schema}.replay_nonces (expires_at);
                        """, connection, transaction);
                    await using (command.ConfigureAwait(false))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            _ready = true;
        }
        finally
        {
            _setup.Release();
        }
    }
}
