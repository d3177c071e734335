using System.Runtime.CompilerServices;
using EId.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EId.Postal.Outcomes;

/// <summary>
/// <see cref="IIntakeOutcomeStore"/> in a SQLite file (may be the ledger's own file: the table is separate). Append-only:
/// triggers refuse UPDATE and DELETE.
/// </summary>
public sealed class SqliteIntakeOutcomeStore : IIntakeOutcomeStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS intake_outcomes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            hour INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            origin TEXT NOT NULL,
            destination TEXT NOT NULL,
            category TEXT NOT NULL,
            weight INTEGER NOT NULL,
            verdict INTEGER NULL,
            method TEXT NULL);
        CREATE INDEX IF NOT EXISTS intake_outcomes_hour ON intake_outcomes (hour);
        CREATE TRIGGER IF NOT EXISTS intake_outcomes_no_update BEFORE UPDATE ON intake_outcomes
            BEGIN SELECT RAISE(ABORT, 'intake outcomes are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS intake_outcomes_no_delete BEFORE DELETE ON intake_outcomes
            BEGIN SELECT RAISE(ABORT, 'intake outcomes are append-only'); END;
        """;

    private readonly string _connectionString;

    /// <summary>Creates a store for a file path or a SQLite connection string.</summary>
    /// <param name="pathOrConnectionString">A file path, or a connection string containing <c>Data Source=</c>.</param>
    public SqliteIntakeOutcomeStore(string pathOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        _connectionString = SqliteConnectionStrings.For(pathOrConnectionString, pooling: true);
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;" + Schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(IntakeOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO intake_outcomes ({IntakeOutcomeRow.Columns}) VALUES (@hour, @kind, @origin, @destination, @category, @weight, @verdict, @method);";
            IntakeOutcomeRow.Bind(command, outcome, h => h.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<IntakeOutcome> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {IntakeOutcomeRow.Columns} FROM intake_outcomes WHERE hour >= @from AND hour < @to ORDER BY hour, id;";
            command.Parameters.AddWithValue("@from", from.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@to", to.ToUnixTimeMilliseconds());
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return IntakeOutcomeRow.Read(reader, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
                }
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 10000;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
