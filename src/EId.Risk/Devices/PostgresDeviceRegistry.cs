using EId.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace EId.Risk.Devices;

/// <summary>
/// The device registry in PostgreSQL, shared by every gateway instance on the same schema: a revocation written by one
/// instance is what the next request on any instance reads. Enrolments, key rotations and status changes are appended
/// to <c>device_history</c> in the same transaction (a trigger refuses UPDATE and DELETE there). Thread-safe.
/// </summary>
public sealed class PostgresDeviceRegistry : IDeviceRegistry, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaSetup _setup;
    private readonly string _schema;
    private readonly TimeProvider _time;

    /// <summary>Creates a registry over <paramref name="connectionString"/> in <paramref name="schema"/> (tables created on first use).</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresDeviceRegistry(string connectionString, string schema = "eid_risk", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _schema = PostgresSchemaSetup.CheckSchema(schema, nameof(schema));
        _time = timeProvider ?? TimeProvider.System;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _setup = new PostgresSchemaSetup(_dataSource, _schema, $"""
            CREATE TABLE IF NOT EXISTS {_schema}.devices (
                device_id text PRIMARY KEY,
                site_id text NOT NULL,
                public_key bytea NOT NULL,
                status smallint NOT NULL,
                valid_from timestamptz NOT NULL,
                valid_until timestamptz NOT NULL,
                capabilities text[] NOT NULL);
            CREATE TABLE IF NOT EXISTS {_schema}.device_history (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                device_id text NOT NULL,
                status smallint NOT NULL,
                at timestamptz NOT NULL,
                key_changed boolean NOT NULL);
            CREATE INDEX IF NOT EXISTS device_history_device ON {_schema}.device_history (device_id, seq);
            CREATE OR REPLACE FUNCTION {_schema}.device_history_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'device_history is append-only'; END $$;
            CREATE OR REPLACE TRIGGER device_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {_schema}.device_history
                FOR EACH STATEMENT EXECUTE FUNCTION {_schema}.device_history_append_only();
            """);
    }

    /// <inheritdoc />
    public async ValueTask<DeviceRecord?> FindAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"SELECT site_id, public_key, status, valid_from, valid_until, capabilities FROM {_schema}.devices WHERE device_id = @id");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("id", deviceId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new DeviceRecord
                {
                    DeviceId = deviceId,
                    SiteId = reader.GetString(0),
                    PublicKey = reader.GetFieldValue<byte[]>(1),
                    Status = (DeviceStatus)reader.GetInt16(2),
                    ValidFrom = new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero),
                    ValidUntil = new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero),
                    Capabilities = reader.GetFieldValue<string[]>(5),
                };
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask EnrollAsync(DeviceRecord device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // The row lock (FOR UPDATE) orders concurrent enrolments of one device, so each history row sees its predecessor's key.
                byte[]? previousKey;
                var find = new NpgsqlCommand($"SELECT public_key FROM {_schema}.devices WHERE device_id = @id FOR UPDATE", connection, transaction);
                await using (find.ConfigureAwait(false))
                {
                    find.Parameters.AddWithValue("id", device.DeviceId);
                    previousKey = await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
                }

                var upsert = new NpgsqlCommand($"""
                    INSERT INTO {_schema}.devices (device_id, site_id, public_key, status, valid_from, valid_until, capabilities)
                    VALUES (@id, @site, @key, @status, @from, @until, @caps)
                    ON CONFLICT (device_id) DO UPDATE SET site_id = excluded.site_id, public_key = excluded.public_key,
                        status = excluded.status, valid_from = excluded.valid_from, valid_until = excluded.valid_until,
                        capabilities = excluded.capabilities
                    """, connection, transaction);
                await using (upsert.ConfigureAwait(false))
                {
                    upsert.Parameters.AddWithValue("id", device.DeviceId);
                    upsert.Parameters.AddWithValue("site", device.SiteId);
                    upsert.Parameters.AddWithValue("key", device.PublicKey.ToArray());
                    upsert.Parameters.AddWithValue("status", (short)device.Status);
                    upsert.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, Milliseconds(device.ValidFrom));
                    upsert.Parameters.AddWithValue("until", NpgsqlDbType.TimestampTz, Milliseconds(device.ValidUntil));
                    upsert.Parameters.AddWithValue("caps", device.Capabilities.ToArray());
                    await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var keyChanged = previousKey is null || !previousKey.AsSpan().SequenceEqual(device.PublicKey.Span);
                await AppendHistoryAsync(connection, transaction, device.DeviceId, device.Status, keyChanged, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetStatusAsync(string deviceId, DeviceStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var update = new NpgsqlCommand($"UPDATE {_schema}.devices SET status = @status WHERE device_id = @id", connection, transaction);
                await using (update.ConfigureAwait(false))
                {
                    update.Parameters.AddWithValue("id", deviceId);
                    update.Parameters.AddWithValue("status", (short)status);
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        return false;
                    }
                }

                await AppendHistoryAsync(connection, transaction, deviceId, status, keyChanged: false, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <summary>The device's history, oldest first.</summary>
    public async ValueTask<IReadOnlyList<DeviceStatusChange>> GetHistoryAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"SELECT status, at, key_changed FROM {_schema}.device_history WHERE device_id = @id ORDER BY seq");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("id", deviceId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var history = new List<DeviceStatusChange>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    history.Add(new DeviceStatusChange(deviceId, (DeviceStatus)reader.GetInt16(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetBoolean(2)));
                }

                return history;
            }
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

    // Millisecond precision, as the SQLite registry stores, so both answer the same values.
    private static DateTime Milliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()).UtcDateTime;

    private async Task AppendHistoryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string deviceId, DeviceStatus status, bool keyChanged, CancellationToken cancellationToken)
    {
        var insert = new NpgsqlCommand($"INSERT INTO {_schema}.device_history (device_id, status, at, key_changed) VALUES (@id, @status, @at, @key)", connection, transaction);
        await using (insert.ConfigureAwait(false))
        {
            insert.Parameters.AddWithValue("id", deviceId);
            insert.Parameters.AddWithValue("status", (short)status);
            insert.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, Milliseconds(_time.GetUtcNow()));
            insert.Parameters.AddWithValue("key", keyChanged);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
