namespace EId.Postal.Storage;

/// <summary>Which ledger store the postal server uses.</summary>
public enum LedgerStorage
{
    /// <summary>An embedded SQLite file (WAL mode).</summary>
    Sqlite = 1,

    /// <summary>A PostgreSQL server, entries partitioned by month.</summary>
    PostgreSql = 2,

    /// <summary>Process memory (tests and demos only; nothing survives a restart).</summary>
    InMemory = 3,
}
