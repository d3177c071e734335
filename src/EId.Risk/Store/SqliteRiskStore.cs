using System.Globalization;
using EId.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EId.Risk.Store;

/// <summary>
/// The risk store in an embedded SQLite file (the default): WAL journal, batches in one transaction,
/// append-only enforced by triggers, schema versioned with <c>PRAGMA user_version</c>.
/// Times are kept in UTC with millisecond precision. Thread-safe.
/// </summary>
public sealed class SqliteRiskStore : IRiskStore, IDisposable
{
    /// <summary>The schema version this code writes.</summary>
    public const int SchemaVersion = 1;

    private const string Insert = """
        INSERT INTO risk_events (id, at_ms, action, decision, reasons, device_id, site_id, subject_key, subject_masked, request_id)
        VALUES ($id, $at, $action, $decision, $reasons, $device, $site, $subject, $masked, $request)
        """;

    private static readonly string[] ParameterNames = ["$id", "$at", "$action", "$decision", "$reasons", "$device", "$site", "$subject", "$masked", "$request"];

    private readonly SqliteDatabase _database;

    /// <summary>Opens (and creates or migrates when needed) the store in the SQLite file or connection string given.</summary>
    public SqliteRiskStore(string pathOrConnectionString)
    {
        _database = new SqliteDatabase(SqliteDatabase.ToConnectionString(pathOrConnectionString));
        Migrate();
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">An event with the same id is already stored.</exception>
    public ValueTask AppendAsync(RiskEvent riskEvent, CancellationToken cancellationToken = default) =>
        AppendBatchAsync([riskEvent], cancellationToken);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">An event with the same id is already stored (nothing of the batch is stored).</exception>
    public ValueTask AppendBatchAsync(IReadOnlyList<RiskEvent> riskEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(riskEvents);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_database.Gate)
        {
            using var transaction = _database.Connection.BeginTransaction();
            using var command = _database.Command(Insert, transaction);
            var parameters = ParameterNames
                .Select(name => command.Parameters.Add(name, SqliteType.Text))
                .ToArray();
            parameters[1].SqliteType = SqliteType.Integer;
            parameters[3].SqliteType = SqliteType.Integer;
            command.Prepare();
            try
            {
                foreach (var riskEvent in riskEvents)
                {
                    ArgumentNullException.ThrowIfNull(riskEvent);
                    parameters[0].Value = riskEvent.Id.ToString("N");
                    parameters[1].Value = riskEvent.At.ToUnixTimeMilliseconds();
                    parameters[2].Value = riskEvent.Action;
                    parameters[3].Value = (int)riskEvent.Decision;
                    parameters[4].Value = RiskReasonsJson.Write(riskEvent.Reasons);
                    parameters[5].Value = (object?)riskEvent.DeviceId ?? DBNull.Value;
                    parameters[6].Value = (object?)riskEvent.SiteId ?? DBNull.Value;
                    parameters[7].Value = (object?)riskEvent.SubjectKey ?? DBNull.Value;
                    parameters[8].Value = (object?)riskEvent.SubjectMasked ?? DBNull.Value;
                    parameters[9].Value = (object?)riskEvent.RequestId ?? DBNull.Value;
                    command.ExecuteNonQuery();
                }
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == 19)
            {
                throw new InvalidOperationException("A risk event with the same id is already stored; the store is append-only.", exception);
            }

            transaction.Commit();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RiskEvent>> QueryAsync(RiskEventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_database.Gate)
        {
            using var command = _database.Command(RiskQuerySql.Select(query, "risk_events", "at_ms", "reasons"));
            RiskQuerySql.Bind(command, query, at => at.ToUnixTimeMilliseconds(), decision => (int)decision);
            using var reader = command.ExecuteReader();
            var events = new List<RiskEvent>();
            while (reader.Read())
            {
                events.Add(RiskQuerySql.Read(
                    reader,
                    r => Guid.ParseExact(r.GetString(0), "N"),
                    r => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
                    r => (RiskDecision)r.GetInt32(3)));
            }

            return ValueTask.FromResult<IReadOnlyList<RiskEvent>>(events);
        }
    }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _database.Dispose();

    private void Migrate()
    {
        lock (_database.Gate)
        {
            // BEGIN IMMEDIATE takes the write lock first, so two processes opening a new file do not both create the schema.
            using var transaction = _database.Connection.BeginTransaction(deferred: false);
            using var version = _database.Command("PRAGMA user_version", transaction);
            var current = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (current > SchemaVersion)
            {
                throw new InvalidOperationException($"The risk store schema is version {current}; this code knows up to {SchemaVersion}.");
            }

            if (current < 1)
            {
                using var create = _database.Command("""
                    CREATE TABLE risk_events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        at_ms INTEGER NOT NULL,
                        action TEXT NOT NULL,
                        decision INTEGER NOT NULL,
                        reasons TEXT NOT NULL,
                        device_id TEXT,
                        site_id TEXT,
                        subject_key TEXT,
                        subject_masked TEXT,
                        request_id TEXT);
                    CREATE INDEX risk_events_at ON risk_events (at_ms);
                    CREATE INDEX risk_events_subject ON risk_events (subject_key, at_ms);
                    CREATE INDEX risk_events_device ON risk_events (device_id, at_ms);
                    CREATE TRIGGER risk_events_no_update BEFORE UPDATE ON risk_events
                        BEGIN SELECT RAISE(ABORT, 'risk_events is append-only'); END;
                    CREATE TRIGGER risk_events_no_delete BEFORE DELETE ON risk_events
                        BEGIN SELECT RAISE(ABORT, 'risk_events is append-only'); END;
                    PRAGMA user_version = 1;
                    """, transaction);
                create.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
