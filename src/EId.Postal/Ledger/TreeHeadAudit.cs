namespace EId.Postal.Ledger;

/// <summary>Why a stored tree head does not match the ledger it was published for.</summary>
public enum TreeHeadAuditProblem
{
    /// <summary>No tree head of that size is stored.</summary>
    NotFound = 1,

    /// <summary>The signature does not verify under a trusted key.</summary>
    BadSignature = 2,

    /// <summary>The stored stream heads do not hash to the signed streams root.</summary>
    StreamsRootMismatch = 3,

    /// <summary>A stream no longer holds the entry the tree head names at its length: the stream was rewritten or truncated.</summary>
    StreamNotPrefix = 4,

    /// <summary>The stored tree-head log does not hash to the signed log root.</summary>
    LogRootMismatch = 5,
}

/// <summary>
/// The result of auditing a published tree head against the store: its signature, its stream heads, its log root, and
/// that every stream still extends the head the tree head named (so that tree head is a prefix-state of today's ledger).
/// </summary>
/// <param name="TreeSize">The audited tree head.</param>
/// <param name="Problem">What failed, or null.</param>
/// <param name="Stream">The stream that failed, when one did.</param>
public sealed record TreeHeadAudit(long TreeSize, TreeHeadAuditProblem? Problem, int? Stream = null)
{
    /// <summary>True when the tree head matches the ledger.</summary>
    public bool IsValid => Problem is null;
}
