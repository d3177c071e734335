namespace EId.Postal.Analytics;

/// <summary>
/// The export folder and its day partitions. The folder reaches DuckDB as a bound parameter, but DuckDB still
/// expands it as a glob, so pattern characters and quotes are refused rather than escaped.
/// </summary>
public static class FactsPath
{
    /// <summary>The file name of a day's facts inside its partition folder.</summary>
    public const string PartFileName = "part-0.parquet";

    private static readonly System.Buffers.SearchValues<char> Refused = System.Buffers.SearchValues.Create("*?[]{}'\"\0\n\r");

    /// <summary>Why <paramref name="directory"/> cannot be an export folder, or null when it can.</summary>
    public static string? Check(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return "the folder is required.";
        }

        if (!Path.IsPathFullyQualified(directory))
        {
            return "the folder must be an absolute path.";
        }

        return directory.AsSpan().ContainsAny(Refused) ? "the folder may not contain * ? [ ] { } quotes or control characters." : null;
    }

    /// <summary>The partition folder of <paramref name="day"/> (<c>day=YYYY-MM-DD</c>).</summary>
    public static string DayFolder(string directory, DateOnly day) =>
        Path.Combine(directory, "day=" + day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The facts file of <paramref name="day"/>.</summary>
    public static string DayFile(string directory, DateOnly day) => Path.Combine(DayFolder(directory, day), PartFileName);

    /// <summary>The DuckDB pattern over every day's files.</summary>
    public static string Pattern(string directory) => Path.Combine(directory, "day=*", "*.parquet");
}
