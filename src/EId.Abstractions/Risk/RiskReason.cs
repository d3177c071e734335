namespace EId.Risk;

/// <summary>One reason behind a risk decision.</summary>
/// <param name="Code">Machine-readable code.</param>
/// <param name="Detail">Human-readable detail; never raw personal data.</param>
/// <param name="Source">The policy or component that gave it.</param>
public sealed record RiskReason(RiskReasonCode Code, string Detail, string Source);
