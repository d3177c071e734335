namespace EId.Postal.Analytics.Export;

/// <summary>What exporting one day wrote.</summary>
/// <param name="Day">The day (UTC).</param>
/// <param name="Accepted">Accepted parcels (from the ledger).</param>
/// <param name="Refusals">Refusals (prohibited item or identity failure, from the intake outcomes).</param>
/// <param name="SkippedEntries">Ledger entries that could not be decoded (left out and logged; <c>eid ledger verify</c> finds them).</param>
/// <param name="FileBytes">Size of the day's file (0 when the day had no facts and its file was removed).</param>
/// <param name="RowGroups">Parquet row groups written.</param>
public sealed record DayExport(DateOnly Day, long Accepted, long Refusals, long SkippedEntries, long FileBytes, int RowGroups)
{
    /// <summary>Facts written.</summary>
    public long Facts => Accepted + Refusals;
}
