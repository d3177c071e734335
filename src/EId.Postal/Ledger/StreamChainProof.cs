namespace EId.Postal.Ledger;

/// <summary>
/// Proves that an entry is in its stream: the entry's previous hash and body, and the bodies of every later entry up to a
/// stream head. The verifier re-chains them (<c>SHA-256(previous ‖ body)</c>) and must reach the head's hash at its length.
/// Its size grows with the distance to the head: prove against the tree head published soonest after the entry.
/// </summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Sequence">The entry's sequence in the stream.</param>
/// <param name="PreviousHash">The previous entry's hash (32 zero bytes for the first).</param>
/// <param name="Body">The entry's canonical body.</param>
/// <param name="FollowingBodies">The bodies of entries <paramref name="Sequence"/> + 1 … head length, in order.</param>
public sealed record StreamChainProof(int StreamId, long Sequence, byte[] PreviousHash, byte[] Body, IReadOnlyList<byte[]> FollowingBodies)
{
    /// <summary>Short summary.</summary>
    public override string ToString() => $"StreamChainProof(#{StreamId}:{Sequence}, +{FollowingBodies.Count})";
}
