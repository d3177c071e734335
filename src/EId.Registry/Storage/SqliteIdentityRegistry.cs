using System.Globalization;
using EId.Documents;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Registry.Storage;

/// <summary>
/// The identity registry on a SQLite file (WAL): citizens with portraits and status, an append-only
/// issuance log (triggers refuse UPDATE and DELETE) and an append-only status history.
/// Every write is one transaction; <see cref="RecordIssuanceAsync"/> is idempotent per serial.
/// </summary>
public sealed class SqliteIdentityRegistry : IIdentityRegistry, IIdentityRegistryAdmin
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS citizens (
            id_number TEXT PRIMARY KEY NOT NULL,
            full_name TEXT NOT NULL,
            gender INTEGER NOT NULL,
            birth_date TEXT NULL,
            ethnicity TEXT NULL,
            address TEXT NULL,
            status INTEGER NOT NULL,
            portrait_format INTEGER NULL,
            portrait BLOB NULL,
            updated_at_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS issuances (
            serial TEXT PRIMARY KEY NOT NULL,
            id_number TEXT NOT NULL REFERENCES citizens(id_number),
            device_id TEXT NOT NULL,
            issued_at_ms INTEGER NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            request_id TEXT NULL,
            recorded_at_ms INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS issuances_by_citizen ON issuances(id_number, issued_at_ms);
        CREATE TABLE IF NOT EXISTS status_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            id_number TEXT NOT NULL,
            old_status INTEGER NULL,
            new_status INTEGER NOT NULL,
            changed_at_ms INTEGER NOT NULL);
        CREATE TRIGGER IF NOT EXISTS issuances_append_only_update BEFORE UPDATE ON issuances
            BEGIN SELECT RAISE(ABORT, 'issuances are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS issuances_append_only_delete BEFORE DELETE ON issuances
            BEGIN SELECT RAISE(ABORT, 'issuances are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS status_history_append_only_update BEFORE UPDATE ON status_history
            BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS status_history_append_only_delete BEFORE DELETE ON status_history
            BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
        """;

    private const string CitizenColumns = "id_number, full_name, gender, birth_date, ethnicity, address, status, portrait_format, portrait";

    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _schemaGate = new();
    private volatile bool _schemaReady;

    /// <summary>Creates the registry over the configured file (the schema is created on first use).</summary>
    public SqliteIdentityRegistry(SqliteRegistryOptions options, TimeProvider? timeProvider = null, ILogger<SqliteIdentityRegistry>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = options.ConnectionString ?? new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _busyTimeoutMs = (int)options.BusyTimeout.TotalMilliseconds;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The metrics and activities of this registry (meter and activity source <see cref="RegistryTelemetry.SourceName"/>).</summary>
    public RegistryTelemetry Telemetry { get; init; } = RegistryTelemetry.Shared;

    /// <inheritdoc />
    public ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupAsync(string idNumber, CancellationToken cancellationToken = default) =>
        RegistryTelemetry.MeasureAsync(Telemetry.Lookup, "sqlite", () => LookupCoreAsync(idNumber, cancellationToken));

    private async ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupCoreAsync(string idNumber, CancellationToken cancellationToken)
    {
        if (RegistryRules.CheckIdNumber(idNumber) is { } bad)
        {
            return bad;
        }

        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var citizen = await ReadCitizenAsync(connection, null, idNumber, cancellationToken).ConfigureAwait(false);
        return citizen is null ? RegistryRules.NotFound(idNumber) : citizen;
    }

    /// <inheritdoc />
    public ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceAsync(IssuanceRecord issuance, CancellationToken cancellationToken = default) =>
        RegistryTelemetry.MeasureAsync(Telemetry.Write, "sqlite", () => RecordIssuanceCoreAsync(issuance, cancellationToken));

    private async ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceCoreAsync(IssuanceRecord issuance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        if (RegistryRules.CheckIssuance(issuance) is { } bad)
        {
            return bad;
        }

        issuance = RegistryRules.Normalise(issuance);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var citizen = await ReadCitizenAsync(connection, transaction, issuance.IdNumber, cancellationToken).ConfigureAwait(false);
        if (citizen is null)
        {
            return RegistryRules.NotFound(issuance.IdNumber);
        }

        var stored = await ReadIssuanceAsync(connection, transaction, issuance.Serial, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return RegistryRules.SameIssuance(stored, issuance) ? stored : RegistryRules.SerialConflict(issuance.Serial);
        }

        if (RegistryRules.CheckIssuable(citizen) is { } refused)
        {
            return refused;
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO issuances (serial, id_number, device_id, issued_at_ms, expires_at_ms, request_id, recorded_at_ms)
                VALUES ($serial, $id, $device, $issued, $expires, $request, $now)
                """;
            insert.Parameters.AddWithValue("$serial", issuance.Serial);
            insert.Parameters.AddWithValue("$id", issuance.IdNumber);
            insert.Parameters.AddWithValue("$device", issuance.DeviceId);
            insert.Parameters.AddWithValue("$issued", issuance.IssuedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$expires", issuance.ExpiresAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$request", (object?)issuance.RequestId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$now", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Recorded e-ID {Serial} for {Citizen}", issuance.Serial, Privacy.PiiMask.IdNumber(issuance.IdNumber));
        return issuance;
    }

    /// <inheritdoc />
    public async ValueTask<Result<int, Failure<RegistryError>>> UpsertCitizensAsync(IReadOnlyList<CitizenRecord> citizens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(citizens);
        foreach (var citizen in citizens)
        {
            if (RegistryRules.CheckCitizen(citizen) is { } bad)
            {
                return bad;
            }
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var citizen in citizens)
        {
            var previous = await ReadCitizenAsync(connection, transaction, citizen.IdNumber, cancellationToken).ConfigureAwait(false);
            using (var upsert = connection.CreateCommand())
            {
                upsert.Transaction = transaction;
                upsert.CommandText = $"""
                    INSERT INTO citizens ({CitizenColumns}, updated_at_ms)
                    VALUES ($id, $name, $gender, $birth, $ethnicity, $address, $status, $format, $portrait, $now)
                    ON CONFLICT(id_number) DO UPDATE SET full_name = excluded.full_name, gender = excluded.gender,
                        birth_date = excluded.birth_date, ethnicity = excluded.ethnicity, address = excluded.address,
                        status = excluded.status, portrait_format = excluded.portrait_format, portrait = excluded.portrait,
                        updated_at_ms = excluded.updated_at_ms
                    """;
                upsert.Parameters.AddWithValue("$id", citizen.IdNumber);
                upsert.Parameters.AddWithValue("$name", citizen.FullName);
                upsert.Parameters.AddWithValue("$gender", (int)citizen.Gender);
                upsert.Parameters.AddWithValue("$birth", (object?)citizen.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
                upsert.Parameters.AddWithValue("$ethnicity", (object?)citizen.Ethnicity ?? DBNull.Value);
                upsert.Parameters.AddWithValue("$address", (object?)citizen.Address ?? DBNull.Value);
                upsert.Parameters.AddWithValue("$status", (int)citizen.Status);
                upsert.Parameters.AddWithValue("$format", citizen.Portrait is null ? DBNull.Value : (int)citizen.Portrait.Format);
                upsert.Parameters.Add("$portrait", SqliteType.Blob).Value = citizen.Portrait is null ? DBNull.Value : citizen.Portrait.Data.ToArray();
                upsert.Parameters.AddWithValue("$now", now);
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (previous?.Status != citizen.Status)
            {
                await AppendStatusAsync(connection, transaction, citizen.IdNumber, previous?.Status, citizen.Status, now, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return citizens.Count;
    }

    /// <inheritdoc />
    public async ValueTask<Result<CitizenRecord, Failure<RegistryError>>> SetStatusAsync(string idNumber, CitizenStatus status, CancellationToken cancellationToken = default)
    {
        if (RegistryRules.CheckIdNumber(idNumber) is { } bad)
        {
            return bad;
        }

        if (!Enum.IsDefined(status))
        {
            return new Failure<RegistryError>(RegistryError.BadRequest, "Undefined status.");
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var citizen = await ReadCitizenAsync(connection, transaction, idNumber, cancellationToken).ConfigureAwait(false);
        if (citizen is null)
        {
            return RegistryRules.NotFound(idNumber);
        }

        if (citizen.Status != status)
        {
            using (var update = connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = "UPDATE citizens SET status = $status, updated_at_ms = $now WHERE id_number = $id";
                update.Parameters.AddWithValue("$status", (int)status);
                update.Parameters.AddWithValue("$now", now);
                update.Parameters.AddWithValue("$id", idNumber);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await AppendStatusAsync(connection, transaction, idNumber, citizen.Status, status, now, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return citizen with { Status = status };
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IssuanceRecord>> GetIssuancesAsync(string idNumber, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id_number, serial, device_id, issued_at_ms, expires_at_ms, request_id FROM issuances WHERE id_number = $id ORDER BY issued_at_ms, rowid";
        command.Parameters.AddWithValue("$id", idNumber);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<IssuanceRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadIssuance(reader));
        }

        return list;
    }

    /// <summary>The status changes of a citizen, oldest first (old status is null for the first load).</summary>
    public async ValueTask<IReadOnlyList<(CitizenStatus? From, CitizenStatus To, DateTimeOffset At)>> GetStatusHistoryAsync(string idNumber, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT old_status, new_status, changed_at_ms FROM status_history WHERE id_number = $id ORDER BY id";
        command.Parameters.AddWithValue("$id", idNumber);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<(CitizenStatus?, CitizenStatus, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((reader.IsDBNull(0) ? null : (CitizenStatus)reader.GetInt32(0), (CitizenStatus)reader.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return list;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs.ToString(CultureInfo.InvariantCulture)}; PRAGMA foreign_keys = ON;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!_schemaReady)
            {
                EnsureSchema(connection);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void EnsureSchema(SqliteConnection connection)
    {
        // Microsoft.Data.Sqlite runs synchronously anyway; a lock keeps schema creation to one caller.
        lock (_schemaGate)
        {
            if (_schemaReady)
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;" + Schema;
            command.ExecuteNonQuery();
            _schemaReady = true;
        }
    }

    private static async Task AppendStatusAsync(SqliteConnection connection, SqliteTransaction transaction, string idNumber, CitizenStatus? from, CitizenStatus to, long now, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO status_history (id_number, old_status, new_status, changed_at_ms) VALUES ($id, $old, $new, $now)";
        insert.Parameters.AddWithValue("$id", idNumber);
        insert.Parameters.AddWithValue("$old", from is null ? DBNull.Value : (int)from.Value);
        insert.Parameters.AddWithValue("$new", (int)to);
        insert.Parameters.AddWithValue("$now", now);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CitizenRecord?> ReadCitizenAsync(SqliteConnection connection, SqliteTransaction? transaction, string idNumber, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {CitizenColumns} FROM citizens WHERE id_number = $id";
        command.Parameters.AddWithValue("$id", idNumber);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new CitizenRecord
        {
            IdNumber = reader.GetString(0),
            FullName = reader.GetString(1),
            Gender = (Gender)reader.GetInt32(2),
            BirthDate = reader.IsDBNull(3) ? null : DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Ethnicity = reader.IsDBNull(4) ? null : reader.GetString(4),
            Address = reader.IsDBNull(5) ? null : reader.GetString(5),
            Status = (CitizenStatus)reader.GetInt32(6),
            Portrait = reader.IsDBNull(8) ? null : new DocumentPortrait((byte[])reader.GetValue(8), (ImageFormat)reader.GetInt32(7)),
        };
    }

    private static async Task<IssuanceRecord?> ReadIssuanceAsync(SqliteConnection connection, SqliteTransaction transaction, string serial, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id_number, serial, device_id, issued_at_ms, expires_at_ms, request_id FROM issuances WHERE serial = $serial";
        command.Parameters.AddWithValue("$serial", serial);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadIssuance(reader) : null;
    }

    private static IssuanceRecord ReadIssuance(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)))
        {
            RequestId = reader.IsDBNull(5) ? null : reader.GetString(5),
        };
}
