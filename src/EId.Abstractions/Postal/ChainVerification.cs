namespace EId.Postal;

/// <summary>The result of verifying the ledger's hash chain and signed checkpoints.</summary>
/// <param name="EntriesChecked">How many entries were checked.</param>
/// <param name="FirstBadSequence">The first entry that fails, or null when the chain is intact.</param>
/// <param name="Problem">What is wrong with it, or null.</param>
public sealed record ChainVerification(long EntriesChecked, long? FirstBadSequence, string? Problem)
{
    /// <summary>True when every entry and checkpoint verified.</summary>
    public bool IsIntact => FirstBadSequence is null && Problem is null;

    /// <summary>The kind of problem, for code; null when the chain is intact.</summary>
    public ChainProblem? Reason { get; init; }
}
