using EId.Credentials.Status;
using Npgsql;
using NpgsqlTypes;

namespace EId.Credentials.Issuing;

/// <summary>
/// Status indices in PostgreSQL, shared by every issuer instance that uses the same schema: indices come from a sequence
/// (never repeated, across sessions and restarts; a failed insert leaves a gap, never a reuse), one row per index with the
/// credential's serial and, once revoked, when. The schema, table and sequence are created on first use.
/// </summary>
public sealed class PostgresCredentialStatusStore : ICredentialStatusStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly TimeProvider _time;
    private volatile bool _ready;

    /// <summary>Creates a store over <paramref name="connectionString"/> in <paramref name="schema"/> (created when missing).</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresCredentialStatusStore(string connectionString, string schema = "eid_credentials", TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (!EId.Storage.StorageOptions.IsSchemaName(schema))
        {
            throw new ArgumentException("The schema must match [a-z_][a-z0-9_]{0,62}.", nameof(schema));
        }

        _schema = schema;
        _time = time ?? TimeProvider.System;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <inheritdoc />
    public ValueTask<long> NextAsync(CancellationToken cancellationToken = default) => AllocateAsync(null, cancellationToken);

    /// <inheritdoc />
    public ValueTask<long> NextAsync(ReadOnlyMemory<byte> serial, CancellationToken cancellationToken = default) =>
        AllocateAsync(Convert.ToHexStringLower(serial.Span), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<RevocationOutcome> RevokeAsync(string serial, CancellationToken cancellationToken = default)
    {
        if (CredentialSerial.Normalize(serial) is not { } key)
        {
            return RevocationOutcome.UnknownSerial;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

        // One statement: revoked now (the update matched), already revoked (the row exists), or unknown.
        var command = _dataSource.CreateCommand($"""
            WITH updated AS (UPDATE {_schema}.credential_status SET revoked_at = @at WHERE serial = @serial AND revoked_at IS NULL RETURNING idx)
            SELECT (SELECT count(*) FROM updated), (SELECT count(*) FROM {_schema}.credential_status WHERE serial = @serial)
            """);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, _time.GetUtcNow().UtcDateTime);
            command.Parameters.AddWithValue("serial", key);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return reader.GetInt64(0) == 1 ? RevocationOutcome.Revoked
                    : reader.GetInt64(1) == 0 ? RevocationOutcome.UnknownSerial
                    : RevocationOutcome.AlreadyRevoked;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<long?> FindIndexAsync(string serial, CancellationToken cancellationToken = default)
    {
        if (CredentialSerial.Normalize(serial) is not { } key)
        {
            return null;
        }

        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"SELECT idx FROM {_schema}.credential_status WHERE serial = @serial");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("serial", key);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long index ? index : null;
        }
    }

    /// <inheritdoc />
    public async ValueTask<StatusList> GetStatusListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

        // The sequence's last value bounds every index handed out, including ones whose insert failed (gaps).
        var command = _dataSource.CreateCommand($"""
            SELECT CASE WHEN is_called THEN last_value + 1 ELSE 0 END FROM {_schema}.credential_status_idx;
            SELECT idx FROM {_schema}.credential_status WHERE revoked_at IS NOT NULL;
            """);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var list = new StatusList((int)Math.Max(1L, reader.GetInt64(0)));
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Set(reader.GetInt64(0));
                }

                return list;
            }
        }
    }

    /// <summary>Closes the connection pool.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _dataSource.Dispose();

    private async ValueTask<long> AllocateAsync(string? serial, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"INSERT INTO {_schema}.credential_status (idx, serial) VALUES (nextval('{_schema}.credential_status_idx'), @serial) RETURNING idx");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("serial", NpgsqlDbType.Text, (object?)serial ?? DBNull.Value);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    private async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        // Idempotent DDL, serialised across sessions by the advisory lock: callers racing on first use may each run it, harmlessly.
        var command = _dataSource.CreateCommand($"""
            BEGIN;
            SELECT pg_advisory_xact_lock(hashtext('{_schema}.credential_status'));
            CREATE SCHEMA IF NOT EXISTS {_schema};
            CREATE SEQUENCE IF NOT EXISTS {_schema}.credential_status_idx MINVALUE 0 START WITH 0;
            CREATE TABLE IF NOT EXISTS {_schema}.credential_status (idx bigint PRIMARY KEY, serial text UNIQUE, revoked_at timestamptz);
            COMMIT;
            """);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _ready = true;
    }
}
