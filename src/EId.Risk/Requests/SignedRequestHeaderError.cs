namespace EId.Risk.Requests;

/// <summary>Why the <c>EId-*</c> headers of an HTTP request could not be read as a signed request.</summary>
public enum SignedRequestHeaderError
{
    /// <summary>A required header is absent or empty.</summary>
    MissingHeader = 1,

    /// <summary>The method or path is not acceptable.</summary>
    InvalidTarget = 2,

    /// <summary><c>EId-Device</c> is not a valid device id.</summary>
    InvalidDevice = 3,

    /// <summary><c>EId-Timestamp</c> is not Unix milliseconds in range.</summary>
    InvalidTimestamp = 4,

    /// <summary><c>EId-Nonce</c> is not a valid nonce.</summary>
    InvalidNonce = 5,

    /// <summary><c>EId-Signature</c> is not base64url of 64 bytes.</summary>
    InvalidSignature = 6,

    /// <summary><c>EId-Certificate</c> is not base64url of an acceptable size.</summary>
    InvalidCertificate = 7,
}
