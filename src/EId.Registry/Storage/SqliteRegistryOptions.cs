namespace EId.Registry.Storage;

/// <summary>Where the SQLite identity registry keeps its file.</summary>
public sealed class SqliteRegistryOptions
{
    /// <summary>Path of the database file (created when missing). Ignored when <see cref="ConnectionString"/> is set.</summary>
    public string DatabasePath { get; set; } = "eid-registry.db";

    /// <summary>A full Microsoft.Data.Sqlite connection string, for special cases.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a write waits for another writer's lock.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
