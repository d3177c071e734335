namespace EId.Credentials.Issuing;

/// <summary>Where <c>AddEIdCredentials</c> keeps status indices (<see cref="CredentialsOptions.StatusStore"/>).</summary>
public enum StatusStorage
{
    /// <summary>An SQLite file (<see cref="SqliteCredentialStatusStore"/>): one issuer process.</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL (<see cref="PostgresCredentialStatusStore"/>): several issuer instances share one sequence.</summary>
    PostgreSql = 1,
}
