namespace EId.Postal.Ledger;

/// <summary>The result of checking a <see cref="SignedLedgerReceipt"/> (see <see cref="ReceiptVerifier"/>).</summary>
/// <param name="Sequence">The entry the receipt names.</param>
/// <param name="Problem">What is wrong, or null when the receipt is genuine and its entry is still there unchanged.</param>
/// <param name="Message">Human-readable detail (no personal data), or null when valid.</param>
public sealed record ReceiptVerification(long Sequence, ReceiptProblem? Problem, string? Message)
{
    /// <summary>True when the receipt's signature verifies and the ledger still holds its entry unchanged.</summary>
    public bool IsValid => Problem is null;

    internal static ReceiptVerification Valid(long sequence) => new(sequence, null, null);

    internal static ReceiptVerification Bad(long sequence, ReceiptProblem problem, string message) => new(sequence, problem, message);
}
