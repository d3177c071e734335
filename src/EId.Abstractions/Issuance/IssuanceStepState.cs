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
