using EId.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EId.Risk.Devices;

/// <summary>
/// The device registry in SQLite. Every enrolment, key rotation and status change is also appended
/// to <c>device_history</c>, so a device's past is traceable. Thread-safe.
/// </summary>
public sealed class SqliteDeviceRegistry : IDeviceRegistry, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Opens (and creates when needed) the registry in the SQLite file or connection string given.</summary>
    public SqliteDeviceRegistry(string pathOrConnectionString, TimeProvider? timeProvider = null)
    {
        _database = new SqliteDatabase(SqliteDatabase.ToConnectionString(pathOrConnectionString));
        _time = timeProvider ?? TimeProvider.System;
        _database.Execute("""
            CREATE TABLE IF NOT EXISTS devices (
                device_id TEXT PRIMARY KEY,
                site_id TEXT NOT NULL,
                public_key BLOB NOT NULL,
                status INTEGER NOT NULL,
                valid_from_ms INTEGER NOT NULL,
                valid_until_ms INTEGER NOT NULL,
                capabilities TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS device_history (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL,
                status INTEGER NOT NULL,
                at_ms INTEGER NOT NULL,
                key_changed INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS device_history_device ON device_history (device_id, seq);
            CREATE TRIGGER IF NOT EXISTS device_history_no_update BEFORE UPDATE ON device_history
                BEGIN SELECT RAISE(ABORT, 'device_history is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS device_history_no_delete BEFORE DELETE ON device_history
                BEGIN SELECT RAISE(ABORT, 'device_history is append-only'); END;
            """);
    }

    /// <inheritdoc />
    public ValueTask<DeviceRecord?> FindAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        lock (_database.Gate)
        {
            using var command = _database.Command("SELECT site_id, public_key, status, valid_from_ms, valid_until_ms, capabilities FROM devices WHERE device_id = $id");
            command.Parameters.AddWithValue("$id", deviceId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return ValueTask.FromResult<DeviceRecord?>(null);
            }

            var capabilities = reader.GetString(5);
            return ValueTask.FromResult<DeviceRecord?>(new DeviceRecord
            {
                DeviceId = deviceId,
                SiteId = reader.GetString(0),
                PublicKey = (byte[])reader.GetValue(1),
                Status = (DeviceStatus)reader.GetInt32(2),
                ValidFrom = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                ValidUntil = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                Capabilities = capabilities.Length == 0 ? [] : capabilities.Split(' '),
            });
        }
    }

    /// <inheritdoc />
    public ValueTask EnrollAsync(DeviceRecord device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Capabilities.Any(c => c.Contains(' ', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Capabilities must not contain spaces.", nameof(device));
        }

        lock (_database.Gate)
        {
            using var transaction = _database.Connection.BeginTransaction();
            byte[]? previousKey = null;
            using (var find = _database.Command("SELECT public_key FROM devices WHERE device_id = $id", transaction))
            {
                find.Parameters.AddWithValue("$id", device.DeviceId);
                previousKey = find.ExecuteScalar() as byte[];
            }

            using (var upsert = _database.Command("""
                INSERT INTO devices (device_id, site_id, public_key, status, valid_from_ms, valid_until_ms, capabilities)
                VALUES ($id, $site, $key, $status, $from, $until, $caps)
                ON CONFLICT (device_id) DO UPDATE SET site_id = excluded.site_id, public_key = excluded.public_key,
                    status = excluded.status, valid_from_ms = excluded.valid_from_ms,
                    valid_until_ms = excluded.valid_until_ms, capabilities = excluded.capabilities
                """, transaction))
            {
                upsert.Parameters.AddWithValue("$id", device.DeviceId);
                upsert.Parameters.AddWithValue("$site", device.SiteId);
                upsert.Parameters.AddWithValue("$key", device.PublicKey.ToArray());
                upsert.Parameters.AddWithValue("$status", (int)device.Status);
                upsert.Parameters.AddWithValue("$from", device.ValidFrom.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$until", device.ValidUntil.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$caps", string.Join(' ', device.Capabilities));
                upsert.ExecuteNonQuery();
            }

            var keyChanged = previousKey is null || !previousKey.AsSpan().SequenceEqual(device.PublicKey.Span);
            AppendHistory(transaction, device.DeviceId, device.Status, keyChanged);
            transaction.Commit();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> SetStatusAsync(string deviceId, DeviceStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        lock (_database.Gate)
        {
            using var transaction = _database.Connection.BeginTransaction();
            using var update = _database.Command("UPDATE devices SET status = $status WHERE device_id = $id", transaction);
            update.Parameters.AddWithValue("$id", deviceId);
            update.Parameters.AddWithValue("$status", (int)status);
            if (update.ExecuteNonQuery() == 0)
            {
                return ValueTask.FromResult(false);
            }

            AppendHistory(transaction, deviceId, status, keyChanged: false);
            transaction.Commit();
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>The device's history, oldest first.</summary>
    public ValueTask<IReadOnlyList<DeviceStatusChange>> GetHistoryAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        lock (_database.Gate)
        {
            using var command = _database.Command("SELECT status, at_ms, key_changed FROM device_history WHERE device_id = $id ORDER BY seq");
            command.Parameters.AddWithValue("$id", deviceId);
            using var reader = command.ExecuteReader();
            var history = new List<DeviceStatusChange>();
            while (reader.Read())
            {
                history.Add(new DeviceStatusChange(deviceId, (DeviceStatus)reader.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetInt64(2) != 0));
            }

            return ValueTask.FromResult<IReadOnlyList<DeviceStatusChange>>(history);
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _database.Dispose();

    private void AppendHistory(SqliteTransaction transaction, string deviceId, DeviceStatus status, bool keyChanged)
    {
        using var insert = _database.Command("INSERT INTO device_history (device_id, status, at_ms, key_changed) VALUES ($id, $status, $at, $key)", transaction);
        insert.Parameters.AddWithValue("$id", deviceId);
        insert.Parameters.AddWithValue("$status", (int)status);
        insert.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$key", keyChanged ? 1 : 0);
        insert.ExecuteNonQuery();
    }
}
