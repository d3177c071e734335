namespace EId.Postal.Analytics.Facts;

/// <summary>Why a facts file cannot be read.</summary>
public enum FactFileError
{
    /// <summary>No file at the path.</summary>
    Missing = 1,

    /// <summary>Not a Parquet file, or truncated or damaged.</summary>
    Corrupt = 2,

    /// <summary>A Parquet file, but not with the facts schema (or with values outside it).</summary>
    WrongSchema = 3,
}
