namespace EId.Risk;

/// <summary>Where <c>AddEIdRisk</c> keeps the risk store, device registry and replay cache.</summary>
public enum RiskStorage
{
    /// <summary>Process memory (tests, demos): forgets everything on restart.</summary>
    InMemory = 1,

    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite = 2,

    /// <summary>Risk events and nonces in PostgreSQL (shared by gateway instances); the device registry stays in the SQLite file.</summary>
    Postgres = 3,
}
