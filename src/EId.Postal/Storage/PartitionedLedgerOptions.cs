namespace EId.Postal.Storage;

/// <summary>
/// The partitioned national ledger on PostgreSQL (<see cref="PartitionedPostgresLedgerStore"/>): where it is and how many streams.
/// Keys, checkpoint interval/period and the ledger id come from <see cref="PostalOptions"/>.
/// </summary>
public sealed class PartitionedLedgerOptions
{
    /// <summary>PostgreSQL connection string. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Schema holding the tables (lower-case letters, digits, '_', at most 40).</summary>
    public string Schema { get; set; } = "eid_postal_national";

    /// <summary>How many partition streams (independent chains appended in parallel), 1 to 1024. Fixed once the ledger exists.</summary>
    public int Streams { get; set; } = 8;
}
