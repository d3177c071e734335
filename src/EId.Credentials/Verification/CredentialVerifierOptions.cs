namespace EId.Credentials.Verification;

/// <summary>Options for <see cref="Claim169Verifier"/>.</summary>
public sealed class CredentialVerifierOptions
{
    /// <summary>Tolerance applied to exp and nbf for clock differences between issuer and verifier.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Input hardening limits.</summary>
    public DecodingLimits Limits { get; set; } = DecodingLimits.Default;

    /// <summary>How revocation is checked.</summary>
    public StatusCheck StatusCheck { get; set; } = StatusCheck.WhenAvailable;

    /// <summary>Oldest accepted status list (by its iat), besides its own exp.</summary>
    public TimeSpan StatusListMaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>When true, a credential without exp is rejected as <see cref="CredentialError.BadClaim"/> (EId's e-IDs are temporary).</summary>
    public bool RequireExpiry { get; set; }

    /// <summary>AES keys for encrypted (COSE_Encrypt0) credentials.</summary>
    public IList<ReadOnlyMemory<byte>> DecryptionKeys { get; } = [];
}
