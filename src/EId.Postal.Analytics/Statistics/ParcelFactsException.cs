namespace EId.Postal.Analytics.Statistics;

/// <summary>
/// The documented failure of <see cref="DuckDbParcelStatistics"/>: the export cannot be queried, with a typed
/// <see cref="Reason"/>. The message names files, never facts.
/// </summary>
public sealed class ParcelFactsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ParcelFactsException(FactsQueryError reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    /// <summary>Creates an exception with reason <see cref="FactsQueryError.CorruptFile"/>.</summary>
    public ParcelFactsException()
        : this(FactsQueryError.CorruptFile, "The parcel facts cannot be queried.")
    {
    }

    /// <summary>Creates an exception with reason <see cref="FactsQueryError.CorruptFile"/>.</summary>
    public ParcelFactsException(string message)
        : this(FactsQueryError.CorruptFile, message)
    {
    }

    /// <summary>Creates an exception with reason <see cref="FactsQueryError.CorruptFile"/>.</summary>
    public ParcelFactsException(string message, Exception innerException)
        : this(FactsQueryError.CorruptFile, message, innerException)
    {
    }

    /// <summary>Why the query failed.</summary>
    public FactsQueryError Reason { get; }
}
