namespace EId.Issuance;

/// <summary>A progress report of the issuer: which step, how it went, how long it took, a masked detail.</summary>
/// <param name="Step">The step.</param>
/// <param name="State">Its state.</param>
/// <param name="Elapsed">Time spent in the step (zero for <see cref="IssuanceStepState.Started"/>).</param>
/// <param name="Detail">A short detail for display; never holds unmasked personal data.</param>
public sealed record IssuanceProgress(IssuanceStep Step, IssuanceStepState State, TimeSpan Elapsed, string Detail);
