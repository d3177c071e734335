using EId.Risk;

namespace EId.Issuance;

/// <summary>Reason codes of the issuer beyond the well-known <see cref="RiskReasonCode"/> ones.</summary>
public static class IssuanceReasonCodes
{
    /// <summary>The request id was already used for a different payload.</summary>
    public static RiskReasonCode RequestIdReused { get; } = new("issuance.request_id_reused");

    /// <summary>The same request id is being decided right now.</summary>
    public static RiskReasonCode InProgress { get; } = new("issuance.in_progress");

    /// <summary>No liveness check is configured and issuing without one is not allowed.</summary>
    public static RiskReasonCode NoLivenessCheck { get; } = new("issuance.no_liveness_check");

    /// <summary>The reference portrait (registry or document) is missing or unusable.</summary>
    public static RiskReasonCode ReferenceUnusable { get; } = new("face.reference_unusable");

    /// <summary>The credential could not be signed.</summary>
    public static RiskReasonCode CredentialFailed { get; } = new("issuance.credential_failed");

    /// <summary>The document read at the kiosk does not match the registry record.</summary>
    public static RiskReasonCode DocumentMismatch { get; } = new("document.mismatch");

    /// <summary>The document is outside its validity period.</summary>
    public static RiskReasonCode DocumentExpired { get; } = new("document.expired");

    /// <summary>The front system could not be reached or did not answer (a client-side reason; retryable).</summary>
    public static RiskReasonCode ServerUnavailable { get; } = new("issuance.server_unavailable");

    /// <summary>The request body was not a well-formed issuance request.</summary>
    public static RiskReasonCode MalformedRequest { get; } = new("issuance.malformed_request");
}
