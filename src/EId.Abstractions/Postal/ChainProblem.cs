namespace EId.Postal;

/// <summary>What is wrong with the first bad entry a chain verification found.</summary>
public enum ChainProblem
{
    /// <summary>The entry's stored hash is not SHA-256(previous hash ‖ entry bytes): the entry was edited.</summary>
    HashMismatch = 1,

    /// <summary>The entry does not commit to the hash of the entry before it.</summary>
    PreviousHashMismatch = 2,

    /// <summary>A sequence number is missing, repeated or out of order (deletion or reordering).</summary>
    SequenceGap = 3,

    /// <summary>The entry's bytes cannot be decoded.</summary>
    MalformedEntry = 4,

    /// <summary>The entry's searchable columns disagree with its hashed bytes.</summary>
    IndexMismatch = 5,

    /// <summary>A checkpoint signature does not verify or the key is not trusted.</summary>
    BadCheckpointSignature = 6,

    /// <summary>A signed checkpoint names a different hash than the entry at its sequence.</summary>
    CheckpointMismatch = 7,

    /// <summary>A signed checkpoint lies beyond the last entry: entries were removed from the end.</summary>
    MissingEntries = 8,
}
