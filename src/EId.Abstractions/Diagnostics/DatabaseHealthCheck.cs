using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EId.Diagnostics;

/// <summary>
/// Healthy when a store's database opens and answers a trivial query. For SQLite (<see cref="ForSqlite"/>) the file is opened
/// read-write without being created, so an unreadable file or one that is not a database is Unhealthy. A file not created
/// yet in a folder that exists is Healthy ("not created yet"): the stores create their files on first use, and a freshly
/// started server must not be reported broken (a missing folder is Unhealthy).
/// The result names the store and, for SQLite, the file; never a connection string (it may hold a password).
/// </summary>
public sealed class DatabaseHealthCheck : IHealthCheck
{
    // The SQLite file, when the store is SQLite: a file not created yet is not a failure.
    private string? _sqliteFile;

    private readonly DbProviderFactory _provider;
    private readonly string _connectionString;
    private readonly string _probe;
    private readonly string _description;

    /// <summary>Creates a check.</summary>
    /// <param name="provider">The ADO.NET provider (e.g. <c>SqliteFactory.Instance</c>, <c>NpgsqlFactory.Instance</c>).</param>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="probe">The trivial query, e.g. <c>SELECT 1</c>.</param>
    /// <param name="description">What is checked, for the result (e.g. "risk store (PostgreSQL)"); no secrets.</param>
    public DatabaseHealthCheck(DbProviderFactory provider, string connectionString, string probe, string description)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(probe);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        _provider = provider;
        _connectionString = connectionString;
        _probe = probe;
        _description = description;
    }

    /// <summary>A check of an SQLite store given as a file path or an SQLite connection string, opened without creating it.</summary>
    /// <param name="sqlite">The SQLite provider (<c>SqliteFactory.Instance</c>).</param>
    /// <param name="pathOrConnectionString">The store's path or connection string (as given to the store).</param>
    /// <param name="store">The store's name for the result, e.g. "risk store".</param>
    /// <returns>The check.</returns>
    public static DatabaseHealthCheck ForSqlite(DbProviderFactory sqlite, string pathOrConnectionString, string store)
    {
        ArgumentNullException.ThrowIfNull(sqlite);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        var builder = sqlite.CreateConnectionStringBuilder() ?? new DbConnectionStringBuilder();
        if (pathOrConnectionString.Contains('=', StringComparison.Ordinal))
        {
            builder.ConnectionString = pathOrConnectionString;
        }
        else
        {
            builder["Data Source"] = pathOrConnectionString;
        }

        builder["Mode"] = "ReadWrite";
        builder["Pooling"] = false;
        var file = builder.TryGetValue("Data Source", out var source) ? source?.ToString() : null;
        return new DatabaseHealthCheck(sqlite, builder.ConnectionString, "SELECT count(*) FROM sqlite_master", $"{store} (SQLite {file})") { _sqliteFile = file };
    }

    /// <summary>A check of a PostgreSQL store.</summary>
    /// <param name="postgres">The PostgreSQL provider (<c>NpgsqlFactory.Instance</c>).</param>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="store">The store's name for the result, e.g. "risk store".</param>
    /// <returns>The check.</returns>
    public static DatabaseHealthCheck ForPostgres(DbProviderFactory postgres, string connectionString, string store) =>
        new(postgres, connectionString, "SELECT 1", $"{store} (PostgreSQL)");

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_sqliteFile is { Length: > 0 } file && file != ":memory:" && !File.Exists(file)
            && Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(file))))
        {
            return HealthCheckResult.Healthy($"{_description}: not created yet (created on first use)");
        }

        try
        {
            var connection = _provider.CreateConnection() ?? throw new InvalidOperationException("The provider creates no connection.");
            await using (connection.ConfigureAwait(false))
            {
                connection.ConnectionString = _connectionString;
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = _probe;
                    await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return HealthCheckResult.Healthy(_description);
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, $"{_description}: {ex.Message}", ex);
        }
    }
}
