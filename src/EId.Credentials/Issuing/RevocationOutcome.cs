namespace EId.Credentials.Issuing;

/// <summary>What <see cref="ICredentialStatusStore.RevokeAsync"/> did.</summary>
public enum RevocationOutcome
{
    /// <summary>The credential is now revoked.</summary>
    Revoked = 0,

    /// <summary>The credential was already revoked; nothing changed.</summary>
    AlreadyRevoked = 1,

    /// <summary>No credential with this serial was issued through this store (or the serial is not hex).</summary>
    UnknownSerial = 2,
}
