namespace EId.Postal.Verdicts;

/// <summary>Why a verdict was not accepted.</summary>
public enum VerdictError
{
    /// <summary>The bytes are not a well-formed verdict (truncated, wrong magic, bad field, trailing bytes).</summary>
    Malformed = 1,

    /// <summary>The verdict's encoding version is not one this library reads.</summary>
    UnsupportedVersion = 2,

    /// <summary>The signing key id is not in the trust list.</summary>
    UntrustedKey = 3,

    /// <summary>The signature does not verify (the verdict was changed or signed by another key).</summary>
    BadSignature = 4,

    /// <summary>The verdict is for another parcel (waybill or parcel details hash differ).</summary>
    NotBound = 5,

    /// <summary>The verdict's issue time is in the future beyond the allowed clock skew.</summary>
    NotYetValid = 6,

    /// <summary>The verdict has expired, or was issued longer ago than the postal server accepts.</summary>
    Expired = 7,

    /// <summary>The verdict has already been used.</summary>
    Replayed = 8,
}
