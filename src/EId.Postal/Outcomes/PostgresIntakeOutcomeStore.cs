using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Npgsql;

namespace EId.Postal.Outcomes;

/// <summary>
/// <see cref="IIntakeOutcomeStore"/> in PostgreSQL (table <c>intake_outcomes</c> in the given schema). Append-only: a
/// trigger refuses UPDATE, DELETE and TRUNCATE.
/// </summary>
public sealed partial class PostgresIntakeOutcomeStore : IIntakeOutcomeStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;

    /// <summary>Creates a store in <paramref name="schema"/> of the database named by <paramref name="connectionString"/>.</summary>
    /// <exception cref="ArgumentException">The schema name is not lower-case letters, digits and '_' (max 48), starting with a letter.</exception>
    public PostgresIntakeOutcomeStore(string connectionString, string schema = "eid_postal")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException("The schema name is lower-case letters, digits and '_' (max 48), starting with a letter.", nameof(schema));
        }

        _schema = schema;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        // The schema name is validated above; identifiers cannot be bound as parameters.
        var sql = $"""
            CREATE SCHEMA IF NOT EXISTS {_schema};
            CREATE TABLE IF NOT EXISTS {_schema}.intake_outcomes (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                hour timestamptz NOT NULL,
                kind integer NOT NULL,
                origin text NOT NULL,
                destination text NOT NULL,
                category text NOT NULL,
                weight integer NOT NULL,
                verdict integer NULL,
                method text NULL);
            CREATE INDEX IF NOT EXISTS intake_outcomes_hour ON {_schema}.intake_outcomes (hour);
            CREATE OR REPLACE FUNCTION {_schema}.intake_outcomes_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'intake outcomes are append-only'; END $$;
            CREATE OR REPLACE TRIGGER intake_outcomes_no_change BEFORE UPDATE OR DELETE ON {_schema}.intake_outcomes
                FOR EACH ROW EXECUTE FUNCTION {_schema}.intake_outcomes_append_only();
            CREATE OR REPLACE TRIGGER intake_outcomes_no_truncate BEFORE TRUNCATE ON {_schema}.intake_outcomes
                FOR EACH STATEMENT EXECUTE FUNCTION {_schema}.intake_outcomes_append_only();
            """;
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Concurrent first starts would race on CREATE … IF NOT EXISTS: serialise them on a transaction lock.
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@key));", connection, tx))
                {
                    lockCommand.Parameters.AddWithValue("@key", "eid.postal.outcomes:" + _schema);
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using (var command = new NpgsqlCommand(sql, connection, tx))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(IntakeOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var command = _dataSource.CreateCommand($"INSERT INTO {_schema}.intake_outcomes ({IntakeOutcomeRow.Columns}) VALUES (@hour, @kind, @origin, @destination, @category, @weight, @verdict, @method);");
        await using (command.ConfigureAwait(false))
        {
            IntakeOutcomeRow.Bind(command, outcome, h => h.UtcDateTime);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<IntakeOutcome> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var command = _dataSource.CreateCommand($"SELECT {IntakeOutcomeRow.Columns} FROM {_schema}.intake_outcomes WHERE hour >= @from AND hour < @to ORDER BY hour, id;");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("@from", from.UtcDateTime);
            command.Parameters.AddWithValue("@to", to.UtcDateTime);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var hour = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
                    yield return IntakeOutcomeRow.Read(reader, hour);
                }
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,47}$")]
    private static partial Regex SchemaName();
}
