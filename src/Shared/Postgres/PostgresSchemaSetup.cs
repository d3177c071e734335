using Npgsql;

namespace EId.Storage.Postgres;

/// <summary>
/// Linked into every package with a PostgreSQL store (src/Shared): checks schema names and creates a store's tables
/// once per process. The DDL runs in one transaction under an advisory lock on the schema, so concurrent instances
/// starting together do not race; every statement must be idempotent (<c>IF NOT EXISTS</c>).
/// </summary>
internal sealed class PostgresSchemaSetup : IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _ddl;
    private readonly string _lockName;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    /// <summary>Prepares the setup of <paramref name="ddl"/> (run after <c>CREATE SCHEMA IF NOT EXISTS</c>) in <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentException">The schema is not a plain lower-case identifier.</exception>
    public PostgresSchemaSetup(NpgsqlDataSource dataSource, string schema, string ddl)
    {
        CheckSchema(schema, nameof(schema));
        _dataSource = dataSource;
        _lockName = schema + ".migrate";
        _ddl = $"CREATE SCHEMA IF NOT EXISTS {schema};\n{ddl}";
    }

    /// <summary>Returns <paramref name="schema"/>, or throws the documented <see cref="ArgumentException"/> when it is not an identifier.</summary>
    public static string CheckSchema(string schema, string parameterName) =>
        StorageOptions.IsSchemaName(schema) ? schema : throw new ArgumentException("The schema must match [a-z_][a-z0-9_]{0,62}.", parameterName);

    /// <summary>Creates the tables unless this instance did already.</summary>
    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
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
                    var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtext('{_lockName}'));\n{_ddl}", connection, transaction);
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
            _gate.Release();
        }
    }

    /// <summary>Releases the gate.</summary>
    public void Dispose() => _gate.Dispose();
}
