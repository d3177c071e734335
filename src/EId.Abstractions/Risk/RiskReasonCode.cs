namespace EId.Risk;

/// <summary>
/// A machine-readable reason code. Open for extension: packages define their own codes with
/// <c>new RiskReasonCode("…")</c>; the well-known ones are listed here.
/// </summary>
/// <param name="Value">The code, lower-case with dots (e.g. <c>device.revoked</c>).</param>
[System.Text.Json.Serialization.JsonConverter(typeof(RiskReasonCodeJsonConverter))]
public readonly record struct RiskReasonCode(string Value)
{
    /// <summary>The device is not enrolled.</summary>
    public static RiskReasonCode DeviceUnknown { get; } = new("device.unknown");

    /// <summary>The device is suspended.</summary>
    public static RiskReasonCode DeviceSuspended { get; } = new("device.suspended");

    /// <summary>The device is revoked.</summary>
    public static RiskReasonCode DeviceRevoked { get; } = new("device.revoked");

    /// <summary>The device certificate is malformed, forged or outside its validity.</summary>
    public static RiskReasonCode CertificateInvalid { get; } = new("device.certificate_invalid");

    /// <summary>The request is malformed (headers, encoding).</summary>
    public static RiskReasonCode RequestMalformed { get; } = new("request.malformed");

    /// <summary>The request signature does not verify.</summary>
    public static RiskReasonCode SignatureInvalid { get; } = new("request.signature_invalid");

    /// <summary>The request timestamp is outside the allowed window.</summary>
    public static RiskReasonCode TimestampOutOfWindow { get; } = new("request.timestamp_out_of_window");

    /// <summary>The request nonce was seen before.</summary>
    public static RiskReasonCode NonceReplayed { get; } = new("request.replayed");

    /// <summary>The ID number is on the blacklist.</summary>
    public static RiskReasonCode IdBlacklisted { get; } = new("subject.blacklisted");

    /// <summary>The face matches the dangerous-person watchlist.</summary>
    public static RiskReasonCode FaceWatchlisted { get; } = new("subject.watchlisted");

    /// <summary>Too many requests in a window.</summary>
    public static RiskReasonCode VelocityExceeded { get; } = new("velocity.exceeded");

    /// <summary>Outside the allowed hours.</summary>
    public static RiskReasonCode OutsideHours { get; } = new("policy.outside_hours");

    /// <summary>The site is not allowed.</summary>
    public static RiskReasonCode SiteNotAllowed { get; } = new("policy.site_not_allowed");

    /// <summary>The registry refused the person (not found, lost, stolen, deceased).</summary>
    public static RiskReasonCode RegistryRefused { get; } = new("registry.refused");

    /// <summary>The registry could not be reached.</summary>
    public static RiskReasonCode RegistryUnavailable { get; } = new("registry.unavailable");

    /// <summary>The live face does not match the reference.</summary>
    public static RiskReasonCode FaceMismatch { get; } = new("face.mismatch");

    /// <summary>The liveness check failed.</summary>
    public static RiskReasonCode LivenessFailed { get; } = new("face.liveness_failed");

    /// <summary>The capture quality was too poor.</summary>
    public static RiskReasonCode PoorQuality { get; } = new("face.poor_quality");

    /// <summary>The document is expired or invalid.</summary>
    public static RiskReasonCode DocumentInvalid { get; } = new("document.invalid");

    /// <summary>The credential was issued.</summary>
    public static RiskReasonCode Issued { get; } = new("issuance.issued");

    /// <inheritdoc />
    public override string ToString() => Value;
}
