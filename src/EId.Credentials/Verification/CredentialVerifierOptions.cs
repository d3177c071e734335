namespace EId.Credentials.Verification;

/// <summary>Options for <see cref="Claim169Verifier"/>.</summary>
public sealed class CredentialVerifierOptions
{
    /// <summary>Tolerance applied to exp and nbf for clock differences between issuer and verifier.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Input hardening limits.</summary>
    public DecodingLimits Limits { get; set; } = DecodingLimits.Default;

    /// <summary>
    /// How revocation is checked. <see cref="StatusCheck.WhenAvailable"/> by default, for offline verifiers that may never
    /// have downloaded a list; hosts that always hold the list (an issuer verifying its own credentials, the postal
    /// server's courier intake) set <see cref="StatusCheck.Required"/>. In every mode a held list that is untrusted,
    /// stale or older than one already seen is <see cref="CredentialError.StatusUnknown"/>.
    /// </summary>
    public StatusCheck StatusCheck { get; set; } = StatusCheck.WhenAvailable;

    /// <summary>Oldest accepted status list (by its iat), besides its own exp.</summary>
    public TimeSpan StatusListMaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// When true (the default), a credential without exp is rejected as <see cref="CredentialError.BadClaim"/>: EId's e-IDs
    /// are temporary and always carry exp. Turn off only to read other issuers' long-lived credentials.
    /// </summary>
    public bool RequireExpiry { get; set; } = true;

    /// <summary>
    /// How long after the end of its signing period (<c>validUntil</c>) a key still verifies the credentials it issued
    /// within it; after that it verifies nothing. Default 30 days, the issuer's default <c>MaxValidity</c>; set it to the
    /// longest validity your issuers grant. Bounds what a leaked, rotated-out key can mint with a back-dated iat.
    /// </summary>
    public TimeSpan KeyRetirementGrace { get; set; } = TimeSpan.FromDays(30);

    /// <summary>AES keys for encrypted (COSE_Encrypt0) credentials.</summary>
    public IList<ReadOnlyMemory<byte>> DecryptionKeys { get; } = [];
}
