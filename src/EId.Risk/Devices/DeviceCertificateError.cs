namespace EId.Risk.Devices;

/// <summary>Why a device certificate was refused.</summary>
public enum DeviceCertificateError
{
    /// <summary>Not a well-formed certificate (bad CBOR, wrong field types, sizes out of range).</summary>
    Malformed = 1,

    /// <summary>A certificate format version this library does not know.</summary>
    UnsupportedVersion = 2,

    /// <summary>The signature is not from any pinned enrolment authority (forged or tampered).</summary>
    UntrustedSignature = 3,

    /// <summary>The certificate is not valid yet.</summary>
    NotYetValid = 4,

    /// <summary>The certificate has expired.</summary>
    Expired = 5,
}
