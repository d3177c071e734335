namespace EId.Credentials.Verification;

/// <summary>How the verifier treats revocation status.</summary>
public enum StatusCheck
{
    /// <summary>
    /// Check when the credential names a status index and a list is held (or was seen earlier by this verifier); accept
    /// only when no list was ever held. A held list that is untrusted, stale or rolled back is still an error.
    /// </summary>
    WhenAvailable = 0,

    /// <summary>A revocable credential without a fresh, trusted status list is <see cref="CredentialError.StatusUnknown"/>.</summary>
    Required = 1,

    /// <summary>Do not check revocation.</summary>
    Skip = 2,
}
