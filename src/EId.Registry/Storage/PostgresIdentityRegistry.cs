using EId.Documents;
using EId.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace EId.Registry.Storage;

/// <summary>
/// The identity registry in PostgreSQL, shared by every registry host on the same schema; the same contract as
/// <see cref="SqliteIdentityRegistry"/>: citizens with portraits and status, an append-only issuance log and an
/// append-only status history (statement triggers refuse UPDATE, DELETE and TRUNCATE). Every write is one transaction;
/// <see cref="RecordIssuanceAsync"/> is idempotent per serial across instances (<c>ON CONFLICT</c> on the serial). Thread-safe.
/// </summary>
public sealed class PostgresIdentityRegistry : IIdentityRegistry, IIdentityRegistryAdmin, IAsyncDisposable, IDisposable
{
    private const string CitizenColumns = "id_number, full_name, gender, birth_date, ethnicity, address, status, portrait_format, portrait";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaSetup _setup;
    private readonly string _schema;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the registry over <paramref name="connectionString"/> in <paramref name="schema"/> (tables created on first use).</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresIdentityRegistry(string connectionString, string schema = "eid_registry", TimeProvider? timeProvider = null, ILogger<PostgresIdentityRegistry>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _schema = PostgresSchemaSetup.CheckSchema(schema, nameof(schema));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _setup = new PostgresSchemaSetup(_dataSource, _schema, $"""
            CREATE TABLE IF NOT EXISTS {_schema}.citizens (
                id_number text PRIMARY KEY,
                full_name text NOT NULL,
                gender smallint NOT NULL,
                birth_date date NULL,
                ethnicity text NULL,
                address text NULL,
                status smallint NOT NULL,
                portrait_format smallint NULL,
                portrait bytea NULL,
                updated_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS {_schema}.issuances (
                seq bigint GENERATED ALWAYS AS IDENTITY,
                serial text PRIMARY KEY,
                id_number text NOT NULL REFERENCES {_schema}.citizens (id_number),
                device_id text NOT NULL,
                issued_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                request_id text NULL,
                recorded_at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS issuances_by_citizen ON {_schema}.issuances (id_number, issued_at, seq);
            CREATE TABLE IF NOT EXISTS {_schema}.status_history (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id_number text NOT NULL,
                old_status smallint NULL,
                new_status smallint NOT NULL,
                changed_at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS status_history_by_citizen ON {_schema}.status_history (id_number, id);
            CREATE OR REPLACE FUNCTION {_schema}.registry_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
            CREATE OR REPLACE TRIGGER issuances_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {_schema}.issuances
                FOR EACH STATEMENT EXECUTE FUNCTION {_schema}.registry_append_only();
            CREATE OR REPLACE TRIGGER status_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {_schema}.status_history
                FOR EACH STATEMENT EXECUTE FUNCTION {_schema}.registry_append_only();
            """);
    }

    /// <summary>The metrics and activities of this registry (meter and activity source <see cref="RegistryTelemetry.SourceName"/>).</summary>
    public RegistryTelemetry Telemetry { get; init; } = RegistryTelemetry.Shared;

    /// <inheritdoc />
    public ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupAsync(string idNumber, CancellationToken cancellationToken = default) =>
        RegistryTelemetry.MeasureAsync(Telemetry.Lookup, "postgres", () => LookupCoreAsync(idNumber, cancellationToken));

    /// <inheritdoc />
    public ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceAsync(IssuanceRecord issuance, CancellationToken cancellationToken = default) =>
        RegistryTelemetry.MeasureAsync(Telemetry.Write, "postgres", () => RecordIssuanceCoreAsync(issuance, cancellationToken));

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

        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var now = Milliseconds(_timeProvider.GetUtcNow());
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var citizen in citizens)
                {
                    var previous = await ReadCitizenAsync(connection, transaction, citizen.IdNumber, forUpdate: true, cancellationToken).ConfigureAwait(false);
                    var upsert = new NpgsqlCommand($"""
                        INSERT INTO {_schema}.citizens ({CitizenColumns}, updated_at)
                        VALUES (@id, @name, @gender, @birth, @ethnicity, @address, @status, @format, @portrait, @now)
                        ON CONFLICT (id_number) DO UPDATE SET full_name = excluded.full_name, gender = excluded.gender,
                            birth_date = excluded.birth_date, ethnicity = excluded.ethnicity, address = excluded.address,
                            status = excluded.status, portrait_format = excluded.portrait_format, portrait = excluded.portrait,
                            updated_at = excluded.updated_at
                        """, connection, transaction);
                    await using (upsert.ConfigureAwait(false))
                    {
                        upsert.Parameters.AddWithValue("id", citizen.IdNumber);
                        upsert.Parameters.AddWithValue("name", citizen.FullName);
                        upsert.Parameters.AddWithValue("gender", (short)citizen.Gender);
                        upsert.Parameters.Add(new NpgsqlParameter("birth", NpgsqlDbType.Date) { Value = citizen.BirthDate is { } birth ? birth : DBNull.Value });
                        upsert.Parameters.Add(new NpgsqlParameter("ethnicity", NpgsqlDbType.Text) { Value = (object?)citizen.Ethnicity ?? DBNull.Value });
                        upsert.Parameters.Add(new NpgsqlParameter("address", NpgsqlDbType.Text) { Value = (object?)citizen.Address ?? DBNull.Value });
                        upsert.Parameters.AddWithValue("status", (short)citizen.Status);
                        upsert.Parameters.Add(new NpgsqlParameter("format", NpgsqlDbType.Smallint) { Value = citizen.Portrait is null ? DBNull.Value : (short)citizen.Portrait.Format });
                        upsert.Parameters.Add(new NpgsqlParameter("portrait", NpgsqlDbType.Bytea) { Value = citizen.Portrait is null ? DBNull.Value : citizen.Portrait.Data.ToArray() });
                        upsert.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
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
        }
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

        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var now = Milliseconds(_timeProvider.GetUtcNow());
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var citizen = await ReadCitizenAsync(connection, transaction, idNumber, forUpdate: true, cancellationToken).ConfigureAwait(false);
                if (citizen is null)
                {
                    return RegistryRules.NotFound(idNumber);
                }

                if (citizen.Status != status)
                {
                    var update = new NpgsqlCommand($"UPDATE {_schema}.citizens SET status = @status, updated_at = @now WHERE id_number = @id", connection, transaction);
                    await using (update.ConfigureAwait(false))
                    {
                        update.Parameters.AddWithValue("status", (short)status);
                        update.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
                        update.Parameters.AddWithValue("id", idNumber);
                        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await AppendStatusAsync(connection, transaction, idNumber, citizen.Status, status, now, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return citizen with { Status = status };
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IssuanceRecord>> GetIssuancesAsync(string idNumber, CancellationToken cancellationToken = default)
    {
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"SELECT id_number, serial, device_id, issued_at, expires_at, request_id FROM {_schema}.issuances WHERE id_number = @id ORDER BY issued_at, seq");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("id", idNumber);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<IssuanceRecord>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(ReadIssuance(reader));
                }

                return list;
            }
        }
    }

    /// <summary>The status changes of a citizen, oldest first (old status is null for the first load).</summary>
    public async ValueTask<IReadOnlyList<(CitizenStatus? From, CitizenStatus To, DateTimeOffset At)>> GetStatusHistoryAsync(string idNumber, CancellationToken cancellationToken = default)
    {
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var command = _dataSource.CreateCommand($"SELECT old_status, new_status, changed_at FROM {_schema}.status_history WHERE id_number = @id ORDER BY id");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("id", idNumber);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<(CitizenStatus?, CitizenStatus, DateTimeOffset)>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add((reader.IsDBNull(0) ? null : (CitizenStatus)reader.GetInt16(0), (CitizenStatus)reader.GetInt16(1), Utc(reader.GetDateTime(2))));
                }

                return list;
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

    private async ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupCoreAsync(string idNumber, CancellationToken cancellationToken)
    {
        if (RegistryRules.CheckIdNumber(idNumber) is { } bad)
        {
            return bad;
        }

        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var citizen = await ReadCitizenAsync(connection, null, idNumber, forUpdate: false, cancellationToken).ConfigureAwait(false);
            return citizen is null ? RegistryRules.NotFound(idNumber) : citizen;
        }
    }

    private async ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceCoreAsync(IssuanceRecord issuance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        if (RegistryRules.CheckIssuance(issuance) is { } bad)
        {
            return bad;
        }

        issuance = RegistryRules.Normalise(issuance);
        await _setup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A share lock keeps the status from changing under the issuance being recorded.
                var citizen = await ReadCitizenAsync(connection, transaction, issuance.IdNumber, forUpdate: false, cancellationToken, share: true).ConfigureAwait(false);
                if (citizen is null)
                {
                    return RegistryRules.NotFound(issuance.IdNumber);
                }

                if (await ReadIssuanceAsync(connection, transaction, issuance.Serial, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    return RegistryRules.SameIssuance(stored, issuance) ? stored : RegistryRules.SerialConflict(issuance.Serial);
                }

                if (RegistryRules.CheckIssuable(citizen) is { } refused)
                {
                    return refused;
                }

                var insert = new NpgsqlCommand($"""
                    INSERT INTO {_schema}.issuances (serial, id_number, device_id, issued_at, expires_at, request_id, recorded_at)
                    VALUES (@serial, @id, @device, @issued, @expires, @request, @now)
                    ON CONFLICT (serial) DO NOTHING
                    """, connection, transaction);
                int inserted;
                await using (insert.ConfigureAwait(false))
                {
                    insert.Parameters.AddWithValue("serial", issuance.Serial);
                    insert.Parameters.AddWithValue("id", issuance.IdNumber);
                    insert.Parameters.AddWithValue("device", issuance.DeviceId);
                    insert.Parameters.AddWithValue("issued", NpgsqlDbType.TimestampTz, issuance.IssuedAt.UtcDateTime);
                    insert.Parameters.AddWithValue("expires", NpgsqlDbType.TimestampTz, issuance.ExpiresAt.UtcDateTime);
                    insert.Parameters.Add(new NpgsqlParameter("request", NpgsqlDbType.Text) { Value = (object?)issuance.RequestId ?? DBNull.Value });
                    insert.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, Milliseconds(_timeProvider.GetUtcNow()));
                    inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (inserted == 0)
                {
                    // Another instance recorded the same serial between our read and our insert.
                    var winner = await ReadIssuanceAsync(connection, transaction, issuance.Serial, cancellationToken).ConfigureAwait(false);
                    return winner is not null && RegistryRules.SameIssuance(winner, issuance) ? winner : RegistryRules.SerialConflict(issuance.Serial);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Recorded e-ID {Serial} for {Citizen}", issuance.Serial, Privacy.PiiMask.IdNumber(issuance.IdNumber));
                return issuance;
            }
        }
    }

    private static DateTime Milliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()).UtcDateTime;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);

    private async Task AppendStatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string idNumber, CitizenStatus? from, CitizenStatus to, DateTime now, CancellationToken cancellationToken)
    {
        var insert = new NpgsqlCommand($"INSERT INTO {_schema}.status_history (id_number, old_status, new_status, changed_at) VALUES (@id, @old, @new, @now)", connection, transaction);
        await using (insert.ConfigureAwait(false))
        {
            insert.Parameters.AddWithValue("id", idNumber);
            insert.Parameters.Add(new NpgsqlParameter("old", NpgsqlDbType.Smallint) { Value = from is null ? DBNull.Value : (short)from.Value });
            insert.Parameters.AddWithValue("new", (short)to);
            insert.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<CitizenRecord?> ReadCitizenAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string idNumber, bool forUpdate, CancellationToken cancellationToken, bool share = false)
    {
        var locking = forUpdate ? " FOR UPDATE" : share ? " FOR SHARE" : string.Empty;
        var command = new NpgsqlCommand($"SELECT {CitizenColumns} FROM {_schema}.citizens WHERE id_number = @id{locking}", connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("id", idNumber);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new CitizenRecord
                {
                    IdNumber = reader.GetString(0),
                    FullName = reader.GetString(1),
                    Gender = (Gender)reader.GetInt16(2),
                    BirthDate = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3),
                    Ethnicity = reader.IsDBNull(4) ? null : reader.GetString(4),
                    Address = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Status = (CitizenStatus)reader.GetInt16(6),
                    Portrait = reader.IsDBNull(8) ? null : new DocumentPortrait(reader.GetFieldValue<byte[]>(8), (ImageFormat)reader.GetInt16(7)),
                };
            }
        }
    }

    private async Task<IssuanceRecord?> ReadIssuanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string serial, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand($"SELECT id_number, serial, device_id, issued_at, expires_at, request_id FROM {_schema}.issuances WHERE serial = @serial", connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("serial", serial);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadIssuance(reader) : null;
            }
        }
    }

    private static IssuanceRecord ReadIssuance(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), Utc(reader.GetDateTime(3)), Utc(reader.GetDateTime(4)))
        {
            RequestId = reader.IsDBNull(5) ? null : reader.GetString(5),
        };
}
