namespace EId.Postal.Ledger;

/// <summary>Why a <see cref="SignedLedgerReceipt"/> does not prove its entry.</summary>
public enum ReceiptProblem
{
    /// <summary>The receipt is not well formed (hex fields of the wrong length, bad ledger id, sequence below 1).</summary>
    Malformed = 1,

    /// <summary>The receipt is signed by a key the verifier does not trust.</summary>
    UntrustedKey = 2,

    /// <summary>The signature does not verify: the receipt was forged or altered.</summary>
    BadSignature = 3,

    /// <summary>The receipt names another ledger.</summary>
    WrongLedger = 4,

    /// <summary>The ledger holds no entry at the receipt's sequence: it was removed (truncated or rewritten).</summary>
    EntryMissing = 5,

    /// <summary>The entry at the receipt's sequence no longer hashes to the receipt's hash: it was altered or replaced.</summary>
    EntryAltered = 6,
}
