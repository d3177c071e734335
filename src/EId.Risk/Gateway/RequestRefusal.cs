namespace EId.Risk.Gateway;

/// <summary>Why the <see cref="RequestAuthenticator"/> refused a signed request.</summary>
public enum RequestRefusal
{
    /// <summary>A request field is malformed (method, path, device id, nonce).</summary>
    Malformed = 1,

    /// <summary>The certificate cannot be parsed.</summary>
    CertificateMalformed = 2,

    /// <summary>The certificate is not signed by a pinned enrolment authority (forged or tampered).</summary>
    CertificateUntrusted = 3,

    /// <summary>The certificate has expired or is not valid yet.</summary>
    CertificateOutOfValidity = 4,

    /// <summary>The certificate is for another device id than the request names.</summary>
    CertificateDeviceMismatch = 5,

    /// <summary>The certificate's key is not the device's registered key (rotated or cloned).</summary>
    CertificateSuperseded = 6,

    /// <summary>The device is not enrolled.</summary>
    DeviceUnknown = 7,

    /// <summary>The device is suspended.</summary>
    DeviceSuspended = 8,

    /// <summary>The device is revoked.</summary>
    DeviceRevoked = 9,

    /// <summary>The timestamp is too far from now.</summary>
    TimestampOutOfWindow = 10,

    /// <summary>The signature does not verify.</summary>
    SignatureInvalid = 11,

    /// <summary>The nonce was used before (a replay).</summary>
    Replayed = 12,
}
