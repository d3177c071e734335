using Parquet.Schema;

namespace EId.Postal.Analytics.Facts;

/// <summary>The Parquet schema of a day's facts file (the day itself is the hive partition <c>day=</c>, not a column).</summary>
public static class ParcelFactSchema
{
    /// <summary><c>outcome</c>: <see cref="FactOutcomeCodes"/>.</summary>
    public static DataField<string> Outcome { get; } = new("outcome", nullable: false);

    /// <summary><c>time_bucket</c>: start of the hour or day, UTC, milliseconds.</summary>
    public static DateTimeDataField TimeBucket { get; } = new("time_bucket", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);

    /// <summary><c>origin_region</c>.</summary>
    public static DataField<string> OriginRegion { get; } = new("origin_region", nullable: false);

    /// <summary><c>destination_region</c>.</summary>
    public static DataField<string> DestinationRegion { get; } = new("destination_region", nullable: false);

    /// <summary><c>item_category</c>.</summary>
    public static DataField<string> ItemCategory { get; } = new("item_category", nullable: false);

    /// <summary><c>weight_bucket_g</c>: lower bound of the weight bucket.</summary>
    public static DataField<int> WeightBucket { get; } = new("weight_bucket_g", nullable: false);

    /// <summary><c>verification_verdict</c> (nullable).</summary>
    public static DataField<string> Verdict { get; } = new("verification_verdict", nullable: true);

    /// <summary><c>verification_method</c> (nullable).</summary>
    public static DataField<string> Method { get; } = new("verification_method", nullable: true);

    /// <summary><c>sender_export_token</c> (nullable: refusals have none).</summary>
    public static DataField<string> SenderExportToken { get; } = new("sender_export_token", nullable: true);

    /// <summary>The schema, columns in file order.</summary>
    public static ParquetSchema Schema { get; } = new(Outcome, TimeBucket, OriginRegion, DestinationRegion, ItemCategory, WeightBucket, Verdict, Method, SenderExportToken);
}
