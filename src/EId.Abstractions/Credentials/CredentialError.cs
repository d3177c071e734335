namespace EId.Credentials;

/// <summary>Why a credential was not accepted.</summary>
public enum CredentialError
{
    /// <summary>The input is larger than the configured cap.</summary>
    TooLarge = 1,

    /// <summary>The text is not valid Base45.</summary>
    BadBase45 = 2,

    /// <summary>The zlib stream is damaged or decompresses past the cap.</summary>
    BadCompression = 3,

    /// <summary>The CBOR is malformed or too deeply nested.</summary>
    BadCbor = 4,

    /// <summary>The COSE structure is malformed or uses an unsupported algorithm.</summary>
    BadCose = 5,

    /// <summary>The signing key is not in the trust list.</summary>
    UnknownKey = 6,

    /// <summary>The signature does not verify.</summary>
    BadSignature = 7,

    /// <summary>The credential has expired.</summary>
    Expired = 8,

    /// <summary>The credential is not yet valid.</summary>
    NotYetValid = 9,

    /// <summary>The credential was revoked.</summary>
    Revoked = 10,

    /// <summary>The claims set has no Claim 169 identity.</summary>
    MissingIdentity = 11,

    /// <summary>A claim has the wrong type or value.</summary>
    BadClaim = 12,

    /// <summary>The signing key was not valid when the credential was issued.</summary>
    KeyNotValid = 13,

    /// <summary>The revocation status could not be established (no or stale status list).</summary>
    StatusUnknown = 14,
}
