namespace EId.Postal.Courier;

/// <summary>Why the identity server reached its verdict (several may apply).</summary>
public enum SenderCheckReason
{
    /// <summary>Neither a document nor a credential was presented, or both were.</summary>
    NoIdentityPresented = 1,

    /// <summary>The document has expired or is not yet valid.</summary>
    DocumentExpired = 2,

    /// <summary>The document lacks an identity number or name.</summary>
    DocumentIncomplete = 3,

    /// <summary>The QR credential did not verify (signature, expiry, revocation…).</summary>
    CredentialInvalid = 4,

    /// <summary>The credential carries no face image or template to match against.</summary>
    CredentialHasNoFace = 5,

    /// <summary>The registry has no such citizen.</summary>
    RegistryNotFound = 6,

    /// <summary>The registry could not be reached or refused the channel.</summary>
    RegistryUnavailable = 7,

    /// <summary>The registry marks the card lost or stolen, or the person deceased or cancelled.</summary>
    RegistryStatusNotValid = 8,

    /// <summary>The name on the document differs from the registry's.</summary>
    NameMismatch = 9,

    /// <summary>No reference portrait is available (neither registry nor document).</summary>
    NoReferencePortrait = 10,

    /// <summary>The live face does not match the reference.</summary>
    FaceNotMatched = 11,

    /// <summary>The face comparison was inconclusive (no face, poor quality).</summary>
    FaceInconclusive = 12,

    /// <summary>A liveness check found a presentation attack or could not decide.</summary>
    LivenessFailed = 13,

    /// <summary>The live capture has no frames.</summary>
    NoLiveFrames = 14,

    /// <summary>All checks passed.</summary>
    AllChecksPassed = 15,
}
