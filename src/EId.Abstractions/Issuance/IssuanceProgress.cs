namespace EId.Issuance;

/// <summary>How a step ended (or that it started), reported to the caller while the issuer works.</summary>
public enum IssuanceStepState
{
    /// <summary>The step started.</summary>
    Started = 1,

    /// <summary>The step passed.</summary>
    Passed = 2,

    /// <summary>The step refused the request.</summary>
    Failed = 3,

    /// <summary>The step was skipped (e.g. answered from the journal, or no liveness check configured and allowed).</summary>
    Skipped = 4,
}

/// <summary>A progress report of the issuer: which step, how it went, how long it took, a masked detail.</summary>
/// <param name="Step">The step.</param>
/// <param name="State">Its state.</param>
/// <param name="Elapsed">Time spent in the step (zero for <see cref="IssuanceStepState.Started"/>).</param>
/// <param name="Detail">A short detail for display; never holds unmasked personal data.</param>
public sealed record IssuanceProgress(IssuanceStep Step, IssuanceStepState State, TimeSpan Elapsed, string Detail);
