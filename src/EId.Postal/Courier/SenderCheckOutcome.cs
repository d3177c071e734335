namespace EId.Postal.Courier;

/// <summary>The identity server's answer about a sender.</summary>
/// <param name="Verification">Verdict and scores, stored with the parcel.</param>
/// <param name="Reasons">Why.</param>
/// <param name="Pii">The verified identity (only when <see cref="SenderVerdict.Verified"/>); goes to the ledger encrypted, never to the handheld.</param>
public sealed record SenderCheckOutcome(SenderVerification Verification, IReadOnlyList<SenderCheckReason> Reasons, SenderPii? Pii)
{
    /// <summary>True when the sender was verified.</summary>
    public bool IsVerified => Verification.Verdict == SenderVerdict.Verified && Pii is not null;

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"SenderCheckOutcome({Verification.Verdict}, [{string.Join(", ", Reasons)}])";
}
