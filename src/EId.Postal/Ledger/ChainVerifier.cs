using EId.Postal.Storage;

namespace EId.Postal.Ledger;

/// <summary>
/// Walks the chain from the first entry, recomputing every hash, and checks each signed checkpoint
/// against the entry it names. Reports the first bad sequence and why. Needs only public keys, so
/// auditors and the CLI can run it without the server's secrets.
/// </summary>
public static class ChainVerifier
{
    private const int PageSize = 2000;

    /// <summary>Verifies the ledger in <paramref name="store"/> against the checkpoint keys trusted by <paramref name="keys"/>.</summary>
    /// <remarks>When <paramref name="keys"/> trusts no key, checkpoints are checked for self-consistency only (signature under their own embedded key).</remarks>
    public static async ValueTask<ChainVerification> VerifyAsync(ILedgerStore store, LedgerKeys keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        var checkpoints = await store.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        var bySequence = new Dictionary<long, LedgerCheckpoint>(checkpoints.Count);
        var duplicated = new HashSet<long>();
        foreach (var checkpoint in checkpoints)
        {
            if (!bySequence.TryAdd(checkpoint.Sequence, checkpoint))
            {
                duplicated.Add(checkpoint.Sequence);
            }
        }

        var expected = 1L;
        var previous = LedgerHead.Empty.LastHash;
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        while (true)
        {
            var page = await store.ReadEntriesAsync(expected, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                var checkedSoFar = expected - 1;
                if (entry.Sequence != expected)
                {
                    return Bad(checkedSoFar, expected, ChainProblem.SequenceGap, $"Expected entry {expected}, found {entry.Sequence}: entries were removed or reordered.");
                }

                if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
                {
                    return Bad(checkedSoFar, expected, ChainProblem.PreviousHashMismatch, "The entry does not commit to the previous entry's hash.");
                }

                var hash = LedgerCodec.EntryHash(sha, previous, entry.Body);
                if (!hash.AsSpan().SequenceEqual(entry.EntryHash))
                {
                    return Bad(checkedSoFar, expected, ChainProblem.HashMismatch, "The entry's content does not match its hash: it was altered.");
                }

                var decoded = LedgerCodec.DecodeBody(entry.Body);
                if (!decoded.IsSuccess)
                {
                    return Bad(checkedSoFar, expected, ChainProblem.MalformedEntry, decoded.Error.Message);
                }

                if (!IndexMatches(entry, decoded.Value))
                {
                    return Bad(checkedSoFar, expected, ChainProblem.IndexMismatch, "The entry's searchable columns disagree with its hashed content.");
                }

                if (bySequence.TryGetValue(expected, out var checkpoint))
                {
                    if (duplicated.Contains(expected) || !SignatureHolds(checkpoint, keys))
                    {
                        return Bad(checkedSoFar, expected, ChainProblem.BadCheckpointSignature, "The checkpoint for this entry is duplicated or its signature does not verify under a trusted key.");
                    }

                    if (!checkpoint.EntryHash.AsSpan().SequenceEqual(hash))
                    {
                        return Bad(checkedSoFar, expected, ChainProblem.CheckpointMismatch, "A signed checkpoint names a different hash for this entry: the chain was rewritten.");
                    }
                }

                previous = hash;
                expected++;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        var last = expected - 1;
        foreach (var checkpoint in checkpoints)
        {
            if (checkpoint.Sequence > last && !SignatureHolds(checkpoint, keys))
            {
                return Bad(last, checkpoint.Sequence, ChainProblem.BadCheckpointSignature, "A checkpoint beyond the last entry has a signature that does not verify under a trusted key.");
            }

            if (checkpoint.Sequence > last)
            {
                return Bad(last, last + 1, ChainProblem.MissingEntries, $"A signed checkpoint covers entry {checkpoint.Sequence} but the ledger ends at {last}: entries were removed.");
            }
        }

        return new ChainVerification(last, null, null);
    }

    private static bool SignatureHolds(LedgerCheckpoint checkpoint, LedgerKeys keys) =>
        keys.Accepts(checkpoint.PublicKey)
        && LedgerKeys.Verifies(checkpoint.PublicKey, LedgerCodec.CheckpointPayload(checkpoint.Sequence, checkpoint.EntryHash, checkpoint.SignedAt), checkpoint.Signature);

    private static bool IndexMatches(LedgerEntry entry, EntryBody body) =>
        body.Sequence == entry.Sequence
        && string.Equals(body.Parcel.WaybillNumber, entry.WaybillNumber, StringComparison.Ordinal)
        && string.Equals(body.Parcel.SenderToken, entry.SenderToken, StringComparison.Ordinal)
        && string.Equals(body.Parcel.OriginRegion, entry.OriginRegion, StringComparison.Ordinal)
        && string.Equals(body.Parcel.DestinationRegion, entry.DestinationRegion, StringComparison.Ordinal)
        && body.Parcel.AcceptedAt == entry.AcceptedAt;

    private static ChainVerification Bad(long checkedCount, long sequence, ChainProblem reason, string message) =>
        new(checkedCount, sequence, message) { Reason = reason };
}
