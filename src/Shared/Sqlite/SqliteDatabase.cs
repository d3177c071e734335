using Microsoft.Data.Sqlite;

namespace EId.Storage.Sqlite;

/// <summary>
/// One open SQLite connection in WAL mode, used under a lock (a connection is not thread-safe and
/// SQLite has one writer anyway). Shared by the risk store, the device registry and the replay cache,
/// each with its own connection to the same file.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;");
    }

    /// <summary>Serialises use of the connection.</summary>
    public Lock Gate { get; } = new();

    public SqliteConnection Connection => _connection;

    /// <summary>Turns a plain file path into a connection string; leaves connection strings alone.</summary>
    public static string ToConnectionString(string pathOrConnectionString) =>
        SqliteConnectionStrings.For(pathOrConnectionString, pooling: false);

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public void Dispose() => _connection.Dispose();
}
