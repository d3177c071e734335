using EId.Postal.Storage;

namespace EId.Postal.Ledger;

/// <summary>
/// Proves a <see cref="SignedLedgerReceipt"/> against a ledger: the receipt is signed by a trusted key, and the store still
/// holds its entry at its sequence, hashing to its hash. Needs only public keys (auditors, the CLI, a handheld's back office).
/// </summary>
public static class ReceiptVerifier
{
    /// <summary>Checks <paramref name="receipt"/> against the ledger in <paramref name="store"/>.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="receipt">The receipt.</param>
    /// <param name="keys">The trusted signing keys (see <see cref="SignedLedgerReceipt.CheckSignature"/>).</param>
    /// <param name="ledgerId">The ledger's id, when known; a receipt for another ledger is then refused.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Valid, or the problem.</returns>
    public static async ValueTask<ReceiptVerification> VerifyAsync(ILedgerStore store, SignedLedgerReceipt receipt, LedgerKeys keys, string? ledgerId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(keys);
        var sequence = receipt.Sequence;
        switch (receipt.CheckSignature(keys))
        {
            case ReceiptProblem.Malformed:
                return ReceiptVerification.Bad(sequence, ReceiptProblem.Malformed, "The receipt is not well formed.");
            case ReceiptProblem.UntrustedKey:
                return ReceiptVerification.Bad(sequence, ReceiptProblem.UntrustedKey, "The receipt is signed by a key that is not trusted.");
            case ReceiptProblem.BadSignature:
                return ReceiptVerification.Bad(sequence, ReceiptProblem.BadSignature, "The receipt's signature does not verify: it was forged or altered.");
        }

        if (ledgerId is not null && !string.Equals(ledgerId, receipt.LedgerId, StringComparison.Ordinal))
        {
            return ReceiptVerification.Bad(sequence, ReceiptProblem.WrongLedger, $"The receipt is for ledger '{receipt.LedgerId}', not '{ledgerId}'.");
        }

        var found = await store.ReadEntriesAsync(sequence, 1, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0 || found[0].Sequence != sequence)
        {
            return ReceiptVerification.Bad(sequence, ReceiptProblem.EntryMissing, $"The ledger holds no entry {sequence}: it was removed after the receipt was issued.");
        }

        // Recompute rather than trust the stored hash column: an edited body under its old hash is an alteration too.
        var entry = found[0];
        var hash = LedgerCodec.EntryHash(entry.PreviousHash, entry.Body);
        var expected = receipt.EntryHashBytes()!;
        if (!hash.AsSpan().SequenceEqual(expected) || !entry.EntryHash.AsSpan().SequenceEqual(expected))
        {
            return ReceiptVerification.Bad(sequence, ReceiptProblem.EntryAltered, $"Entry {sequence} no longer matches the receipt's hash: it was altered or replaced.");
        }

        return ReceiptVerification.Valid(sequence);
    }
}
