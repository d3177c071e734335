using Microsoft.Data.Sqlite;

namespace EId.Storage.Sqlite;

/// <summary>
/// Linked into every package with a SQLite store (src/Shared): the stores accept a plain file path or a full connection
/// string, and each sets pooling for the way it holds connections (one locked connection, or one per operation).
/// </summary>
internal static class SqliteConnectionStrings
{
    /// <summary>The connection string for <paramref name="pathOrConnectionString"/> with <paramref name="pooling"/> set.</summary>
    /// <param name="pathOrConnectionString">A file path, or a connection string (anything containing <c>=</c>).</param>
    /// <param name="pooling">Whether closed connections go back to the pool.</param>
    /// <exception cref="ArgumentException">The value is empty, or not a valid connection string.</exception>
    public static string For(string pathOrConnectionString, bool pooling)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        var builder = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(pathOrConnectionString)
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString };
        builder.Pooling = pooling;
        return builder.ToString();
    }
}
