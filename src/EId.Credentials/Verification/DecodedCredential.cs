using EId.Credentials.Claims;
using EId.Credentials.Cose;

namespace EId.Credentials.Verification;

/// <summary>A credential decoded from QR text but not (yet) verified.</summary>
/// <param name="Message">The COSE_Sign1 as received; null for an encrypted but unsigned credential (a bare CWT inside COSE_Encrypt0).</param>
/// <param name="Claims">The CWT claims set.</param>
/// <param name="Metadata">The envelope in Abstractions terms.</param>
/// <param name="Subject">The identity in Abstractions terms, when claim 169 is present.</param>
/// <param name="WasEncrypted">True when the QR carried a COSE_Encrypt0 wrapper.</param>
public sealed record DecodedCredential(CoseSign1? Message, CwtClaims Claims, CredentialMetadata Metadata, CredentialSubject? Subject, bool WasEncrypted)
{
    /// <summary>True when the credential carries a signature (COSE_Sign1).</summary>
    public bool IsSigned => Message is not null;

    /// <summary>Summary without personal data.</summary>
    public override string ToString() => $"DecodedCredential(kid={Metadata.KeyId}, serial={Metadata.Serial}, encrypted={WasEncrypted})";
}
