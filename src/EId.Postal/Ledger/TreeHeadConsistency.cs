namespace EId.Postal.Ledger;

/// <summary>The outcome of checking that an earlier signed tree head is a prefix-state of a later one.</summary>
public enum TreeHeadConsistency
{
    /// <summary>Both signatures hold and the proof shows the earlier tree-head log is a prefix of the later one.</summary>
    Consistent = 0,

    /// <summary>A tree head's signature does not verify under a trusted key.</summary>
    BadSignature = 1,

    /// <summary>The two tree heads belong to different ledgers or stream counts.</summary>
    DifferentLedger = 2,

    /// <summary>The "earlier" tree head is larger or newer than the later one.</summary>
    OutOfOrder = 3,

    /// <summary>The proof does not connect the two log roots (forked or rewritten history, or a wrong proof).</summary>
    ProofFails = 4,
}
