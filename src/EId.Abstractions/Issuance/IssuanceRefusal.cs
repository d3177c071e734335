using EId.Risk;

namespace EId.Issuance;

/// <summary>Why nothing was issued: the step that refused and its typed reasons.</summary>
/// <param name="Step">The step that refused.</param>
/// <param name="Reasons">The reasons (codes from <see cref="RiskReasonCode"/> and <see cref="IssuanceReasonCodes"/>); never personal data.</param>
public sealed record IssuanceRefusal(IssuanceStep Step, IReadOnlyList<RiskReason> Reasons)
{
    /// <summary>
    /// True when the same request may succeed if retried later (e.g. the registry was unavailable);
    /// such refusals are not journaled, so a retry with the same request id runs again.
    /// </summary>
    public bool Retryable { get; init; }

    /// <summary>Whether any reason has <paramref name="code"/>.</summary>
    /// <param name="code">The reason code.</param>
    /// <returns>True if present.</returns>
    public bool Has(RiskReasonCode code) => Reasons.Any(r => r.Code == code);

    /// <inheritdoc />
    public override string ToString() => $"IssuanceRefusal({Step}: {string.Join(", ", Reasons.Select(r => r.Code.Value))})";
}
