namespace EId.Storage;

/// <summary>
/// Where a package keeps its state (<see cref="StorageOptions.Backend"/>): the same names and values in every package
/// with storage, in code (<c>UseInMemory()</c>, <c>UseSqlite(…)</c>, <c>UsePostgres(…)</c>) and in configuration
/// (<c>EId:&lt;Package&gt;:Storage:Backend = InMemory | Sqlite | Postgres</c>).
/// </summary>
public enum StorageBackend
{
    /// <summary>Process memory (tests, demos): forgets everything on restart and is not shared between instances.</summary>
    InMemory = 1,

    /// <summary>An embedded SQLite file: one host (processes on one machine may share the file).</summary>
    Sqlite = 2,

    /// <summary>A PostgreSQL server: any number of instances behind a load balancer share the state.</summary>
    Postgres = 3,
}
