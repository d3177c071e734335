using System.Data.Common;

namespace EId.Postal.Outcomes;

/// <summary>The column order and conversions the SQLite and PostgreSQL outcome stores share.</summary>
internal static class IntakeOutcomeRow
{
    /// <summary>Columns in insert and select order.</summary>
    public const string Columns = "hour, kind, origin, destination, category, weight, verdict, method";

    /// <summary>Binds <paramref name="outcome"/> to <c>@hour</c> … <c>@method</c> (<paramref name="hour"/> converts the time to the store's type).</summary>
    public static void Bind(DbCommand command, IntakeOutcome outcome, Func<DateTimeOffset, object> hour)
    {
        Add(command, "@hour", hour(outcome.Hour));
        Add(command, "@kind", (int)outcome.Kind);
        Add(command, "@origin", outcome.OriginRegion);
        Add(command, "@destination", outcome.DestinationRegion);
        Add(command, "@category", outcome.ItemCategory);
        Add(command, "@weight", outcome.WeightGrams);
        Add(command, "@verdict", outcome.Verdict is { } v ? (int)v : DBNull.Value);
        Add(command, "@method", (object?)outcome.Method ?? DBNull.Value);
    }

    /// <summary>Reads the current row (columns in <see cref="Columns"/> order; the hour is already converted).</summary>
    public static IntakeOutcome Read(DbDataReader reader, DateTimeOffset hour) => new()
    {
        Hour = hour,
        Kind = (IntakeOutcomeKind)reader.GetInt32(1),
        OriginRegion = reader.GetString(2),
        DestinationRegion = reader.GetString(3),
        ItemCategory = reader.GetString(4),
        WeightGrams = reader.GetInt32(5),
        Verdict = reader.IsDBNull(6) ? null : (SenderVerdict)reader.GetInt32(6),
        Method = reader.IsDBNull(7) ? null : reader.GetString(7),
    };

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
