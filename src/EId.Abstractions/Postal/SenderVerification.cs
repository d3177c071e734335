namespace EId.Postal;

/// <summary>How a sender was verified, stored with the parcel for traceability.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="FaceScore">Face similarity (NaN when not computed).</param>
/// <param name="LivenessScore">Liveness score (NaN when not computed).</param>
/// <param name="VerifiedAt">When the identity server decided.</param>
public sealed record SenderVerification(SenderVerdict Verdict, float FaceScore, float LivenessScore, DateTimeOffset VerifiedAt)
{
    /// <summary>The identity server that decided.</summary>
    public string? VerifierId { get; init; }

    /// <summary>How the identity was presented (<c>id-card</c>, <c>eid-qr</c>).</summary>
    public string? Method { get; init; }
}
