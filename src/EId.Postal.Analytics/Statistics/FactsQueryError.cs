namespace EId.Postal.Analytics.Statistics;

/// <summary>Why the facts could not be queried.</summary>
public enum FactsQueryError
{
    /// <summary>The export folder is not an acceptable path (see <see cref="FactsPath.Check"/>).</summary>
    BadPath = 1,

    /// <summary>A facts file is truncated, damaged or not Parquet.</summary>
    CorruptFile = 2,

    /// <summary>A facts file lacks a column the query needs (written by something else).</summary>
    WrongSchema = 3,
}
