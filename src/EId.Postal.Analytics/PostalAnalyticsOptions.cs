using EId.Postal.Storage;

namespace EId.Postal.Analytics;

/// <summary>How finely fact times are bucketed: coarser buckets make rows harder to link to a counter visit.</summary>
public enum FactTimeBucket
{
    /// <summary>To the start of the hour (UTC).</summary>
    Hour = 0,

    /// <summary>To the start of the day (UTC).</summary>
    Day = 1,
}

/// <summary>Settings of the parcel-facts export and the DuckDB statistics (<c>services.AddEIdPostalAnalytics(o => …)</c>).</summary>
public sealed class PostalAnalyticsOptions
{
    /// <summary>The default weight bucket bounds in grams: a fact keeps the largest bound at or below the parcel's weight (0 below the first).</summary>
    public static IReadOnlyList<int> DefaultWeightBucketBounds { get; } = [250, 500, 1000, 2000, 5000, 10000, 20000, 30000];

    /// <summary>
    /// Absolute folder of the export: one hive-style folder per day (<c>day=YYYY-MM-DD/part-0.parquet</c>). No glob
    /// characters (<c>* ? [ ] { }</c>) or quotes, since DuckDB reads it as a pattern.
    /// </summary>
    public string FactsDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Key (at least 32 bytes) of the export token: each fact carries HMAC(key, ledger sender token), so one sender's
    /// parcels group together within an export, but the token cannot be joined to live ledger queries without this key.
    /// Use a separate key per recipient of exports.
    /// </summary>
    public byte[] ExportTokenKey { get; set; } = [];

    /// <summary>Time bucket of the facts (default an hour).</summary>
    public FactTimeBucket TimeBucket { get; set; } = FactTimeBucket.Hour;

    /// <summary>Ascending weight bucket bounds in grams (default <see cref="DefaultWeightBucketBounds"/>).</summary>
    public int[] WeightBucketBounds { get; set; } = [.. DefaultWeightBucketBounds];

    /// <summary>Rows per Parquet row group: the exporter holds at most this many facts in memory (default 65 536).</summary>
    public int RowGroupSize { get; set; } = 65_536;

    /// <summary>At most this many ledger entries per store query while exporting (default 5000).</summary>
    public int LedgerPageSize { get; set; } = 5_000;

    /// <summary>Record every intake decision (for refusals) through <see cref="Outcomes.IIntakeOutcomeRecorder"/> (default true).</summary>
    public bool RecordIntakeOutcomes { get; set; } = true;

    /// <summary>Where intake outcomes are kept; null: the ledger's backend (<see cref="PostalOptions.Storage"/>).</summary>
    public EId.Storage.StorageBackend? OutcomeStorage { get; set; }

    /// <summary>Connection string (or SQLite path) of the outcome store; null: the ledger's own database (a separate table).</summary>
    public string? OutcomeConnectionString { get; set; }

    /// <summary>PostgreSQL schema of the outcome table; null: the ledger's schema.</summary>
    public string? OutcomeSchema { get; set; }
}
