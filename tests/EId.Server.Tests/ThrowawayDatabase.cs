using Npgsql;

namespace EId.Server.Tests;

/// <summary>
/// A PostgreSQL database of the test's own on the server <c>EID_TEST_POSTGRES</c> names (created, then dropped with its
/// connections); the test skips with a reason when no server is configured.
/// </summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ThrowawayDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>The connection string of the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a database named <paramref name="prefix"/> + a random suffix.</summary>
    public static async Task<ThrowawayDatabase> CreateAsync(string prefix, CancellationToken cancellationToken)
    {
        var admin = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(admin), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
        var database = new ThrowawayDatabase(admin, prefix + Guid.NewGuid().ToString("N")[..12]);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database._name}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return database;
    }

    /// <summary>Drops the database (forcing its connections closed).</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
