namespace EId.Storage;

/// <summary>
/// The storage settings of one package (<c>RiskOptions.Storage</c>, <c>RegistryOptions.Storage</c>, <c>IssuerOptions.Journal</c>,
/// <c>PostalOptions.Storage</c>, <c>CredentialsOptions.StatusStore</c>): a backend and what it needs. Each package sets its own
/// defaults (file name, schema); the storage builders (<c>AddEIdRisk().UsePostgres(…)</c>) and configuration set the rest.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>Where the state lives.</summary>
    public StorageBackend Backend { get; set; } = StorageBackend.Sqlite;

    /// <summary>The SQLite file path (or a full Microsoft.Data.Sqlite connection string) for <see cref="StorageBackend.Sqlite"/>.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>The PostgreSQL (Npgsql) connection string for <see cref="StorageBackend.Postgres"/>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The PostgreSQL schema for <see cref="StorageBackend.Postgres"/> (lower-case letters, digits and '_'; created when missing).</summary>
    public string? PostgresSchema { get; set; }

    /// <summary>The problems of these settings for the backend chosen, each prefixed with <paramref name="owner"/> (e.g. <c>RiskOptions.Storage</c>).</summary>
    /// <param name="owner">The option's name, for the messages.</param>
    /// <returns>The problems (empty when valid).</returns>
    public IReadOnlyList<string> Problems(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var problems = new List<string>();
        switch (Backend)
        {
            case StorageBackend.InMemory:
                break;
            case StorageBackend.Sqlite when string.IsNullOrWhiteSpace(SqlitePath):
                problems.Add($"{owner}.SqlitePath is required for SQLite storage.");
                break;
            case StorageBackend.Sqlite:
                break;
            case StorageBackend.Postgres:
                if (string.IsNullOrWhiteSpace(PostgresConnectionString))
                {
                    problems.Add($"{owner}.PostgresConnectionString is required for PostgreSQL storage.");
                }

                if (!IsSchemaName(PostgresSchema))
                {
                    problems.Add($"{owner}.PostgresSchema must be 1 to 63 lower-case letters, digits or '_', not starting with a digit.");
                }

                break;
            default:
                problems.Add($"{owner}.Backend is not a known value (InMemory, Sqlite or Postgres).");
                break;
        }

        return problems;
    }

    /// <summary>True when <paramref name="value"/> is a plain lower-case PostgreSQL identifier (safe to put into SQL text).</summary>
    /// <param name="value">The schema name.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsSchemaName(string? value) =>
        value is { Length: > 0 and <= 63 }
        && (char.IsAsciiLetterLower(value[0]) || value[0] == '_')
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
