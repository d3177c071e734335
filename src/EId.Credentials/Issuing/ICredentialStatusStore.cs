using EId.Credentials.Status;

namespace EId.Credentials.Issuing;

/// <summary>
/// The issuer's persistent record of status-list indices: serial (cti) → index, and which are revoked. Indices continue
/// after the last one across restarts and are never reused. Implementations: <see cref="SqliteCredentialStatusStore"/>
/// (default), <see cref="PostgresCredentialStatusStore"/> (several issuer instances sharing one sequence).
/// </summary>
public interface ICredentialStatusStore : IStatusIndexAllocator
{
    /// <summary>
    /// Marks the credential with serial <paramref name="serial"/> (hex, as in <see cref="CredentialMetadata.Serial"/>) revoked.
    /// Verifiers see it once a status list from <see cref="GetStatusListAsync"/> is signed (<see cref="StatusListToken.Issue"/>) and published.
    /// </summary>
    /// <returns>Whether it was revoked now, already revoked, or the serial is unknown (or not hex).</returns>
    ValueTask<RevocationOutcome> RevokeAsync(string serial, CancellationToken cancellationToken = default);

    /// <summary>The status index of the credential with serial <paramref name="serial"/> (hex), or null when unknown.</summary>
    ValueTask<long?> FindIndexAsync(string serial, CancellationToken cancellationToken = default);

    /// <summary>The current bits: every index handed out so far, revoked ones set.</summary>
    ValueTask<StatusList> GetStatusListAsync(CancellationToken cancellationToken = default);
}
