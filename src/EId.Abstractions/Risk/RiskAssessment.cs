namespace EId.Risk;

/// <summary>A decision with its reasons.</summary>
/// <param name="Decision">Allow, review or deny.</param>
/// <param name="Reasons">Why; may be empty for a plain allow.</param>
public sealed record RiskAssessment(RiskDecision Decision, IReadOnlyList<RiskReason> Reasons)
{
    /// <summary>An allow with no reasons.</summary>
    public static RiskAssessment Allowed { get; } = new(RiskDecision.Allow, []);

    /// <summary>A deny with one reason.</summary>
    public static RiskAssessment Deny(RiskReasonCode code, string detail, string source) =>
        new(RiskDecision.Deny, [new RiskReason(code, detail, source)]);

    /// <summary>Combines assessments: the strictest decision wins; reasons are concatenated.</summary>
    public static RiskAssessment Combine(IEnumerable<RiskAssessment> assessments)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        var decision = RiskDecision.Allow;
        var reasons = new List<RiskReason>();
        foreach (var assessment in assessments)
        {
            decision = (RiskDecision)Math.Max((int)decision, (int)assessment.Decision);
            reasons.AddRange(assessment.Reasons);
        }

        return new RiskAssessment(decision, reasons);
    }

    /// <summary>True when the decision is <see cref="RiskDecision.Allow"/>.</summary>
    public bool IsAllowed => Decision == RiskDecision.Allow;
}
