using EId.Postal.Courier;

namespace EId.Postal.Verdicts;

/// <summary>
/// The identity server's signed statement about one sender for one parcel (flow step S2): who decided, what and why, the
/// sender as a keyed pseudonym and a masked name (never the ID number or full name), the parcel it is bound to, and how long
/// it may be used. <see cref="VerdictSigner"/> encodes and signs it; <see cref="VerdictVerifier"/> reads it back.
/// </summary>
public sealed record IdentityVerdict
{
    /// <summary>The encoding version this library writes.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>A unique id (the postal server accepts each once).</summary>
    public required string VerdictId { get; init; }

    /// <summary>The identity server's signing key id (found in the postal server's trust list).</summary>
    public required string KeyId { get; init; }

    /// <summary>The outcome.</summary>
    public required SenderVerdict Outcome { get; init; }

    /// <summary>Why.</summary>
    public required IReadOnlyList<SenderCheckReason> Reasons { get; init; }

    /// <summary>The sender's keyed pseudonym under the regulator's key; null when no identity was established.</summary>
    public string? SenderToken { get; init; }

    /// <summary>The masked sender name (e.g. <c>张*</c>); null when no identity was established.</summary>
    public string? SenderNameMasked { get; init; }

    /// <summary>The masked sender phone, when given.</summary>
    public string? SenderPhoneMasked { get; init; }

    /// <summary>How the identity was presented (<c>id-card</c>, <c>eid-qr</c>), when known.</summary>
    public string? Method { get; init; }

    /// <summary>Face similarity (NaN when not computed).</summary>
    public float FaceScore { get; init; } = float.NaN;

    /// <summary>Liveness score (NaN when not computed).</summary>
    public float LivenessScore { get; init; } = float.NaN;

    /// <summary>The waybill the verdict is for.</summary>
    public required string WaybillNumber { get; init; }

    /// <summary>SHA-256 of the parcel details (<see cref="ParcelBinding.Hash"/>).</summary>
    public required ReadOnlyMemory<byte> ParcelHash { get; init; }

    /// <summary>The handheld that presented the sender.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The courier.</summary>
    public required string CourierId { get; init; }

    /// <summary>When the identity server decided.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>After this the verdict may not be used.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>True when the sender was verified and an identity pseudonym is present.</summary>
    public bool IsVerified => Outcome == SenderVerdict.Verified && !string.IsNullOrEmpty(SenderToken) && !string.IsNullOrEmpty(SenderNameMasked);

    /// <summary>Summary without the sender token, safe for logs.</summary>
    public override string ToString() => $"IdentityVerdict({VerdictId}, {KeyId}, {Outcome}, {WaybillNumber})";
}
