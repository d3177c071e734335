namespace EId.Issuance;

/// <summary>The steps of one kiosk issuance, in the order the issuer runs them.</summary>
public enum IssuanceStep
{
    /// <summary>The request itself: shape, binding of the signed body to the payload, request-id journal.</summary>
    Request = 1,

    /// <summary>The security gateway: device authentication, replay, risk policies.</summary>
    Gateway = 2,

    /// <summary>The identity registry lookup and status.</summary>
    Registry = 3,

    /// <summary>The document read at the kiosk against the registry record (and its validity).</summary>
    Document = 4,

    /// <summary>Frame quality and the face match against the reference portrait.</summary>
    FaceMatch = 5,

    /// <summary>The liveness checks.</summary>
    Liveness = 6,

    /// <summary>Signing the Claim 169 credential.</summary>
    Credential = 7,

    /// <summary>Recording the issuance in the registry.</summary>
    RegistryWriteBack = 8,

    /// <summary>Recording the outcome in the risk store.</summary>
    RiskEvent = 9,
}
