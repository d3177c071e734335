namespace EId.Postal.Verdicts;

/// <summary>A verdict and its signed bytes, as <see cref="VerdictIssuer"/> made them.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Bytes">The signed encoding.</param>
public sealed record SignedVerdict(IdentityVerdict Verdict, byte[] Bytes)
{
    /// <summary>Summary, safe for logs.</summary>
    public override string ToString() => Verdict.ToString();
}
