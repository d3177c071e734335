namespace EId.Postal.Ledger;

/// <summary>The result of verifying every stream of a partitioned ledger.</summary>
/// <param name="Streams">Each stream's chain verification, in stream order.</param>
public sealed record PartitionedChainVerification(IReadOnlyList<ChainVerification> Streams)
{
    /// <summary>True when every stream's chain, checkpoints and head row verified.</summary>
    public bool IsIntact => Streams.All(s => s.IsIntact);

    /// <summary>Entries checked over all streams.</summary>
    public long EntriesChecked => Streams.Sum(s => s.EntriesChecked);

    /// <summary>The lowest-numbered stream that fails, or null.</summary>
    public int? FirstBadStream => Streams.Index().FirstOrDefault(s => !s.Item.IsIntact) is { Item: not null } bad ? bad.Index : null;

    /// <summary>The first bad sequence in <see cref="FirstBadStream"/>, or null.</summary>
    public long? FirstBadSequence => FirstBadStream is { } s ? Streams[s].FirstBadSequence : null;

    /// <summary>What is wrong at <see cref="FirstBadSequence"/>, or null.</summary>
    public ChainProblem? Reason => FirstBadStream is { } s ? Streams[s].Reason : null;

    /// <summary>Summary naming the stream and sequence (no personal data).</summary>
    public override string ToString() =>
        FirstBadStream is { } s ? $"stream {s}, entry {Streams[s].FirstBadSequence}: {Streams[s].Reason} ({Streams[s].Problem})" : $"OK ({EntriesChecked} entries, {Streams.Count} streams)";
}
