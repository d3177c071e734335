using System.Data.Common;

namespace EId.Risk.Store;

/// <summary>
/// The SQL of a <see cref="RiskEventQuery"/>, shared by the SQLite and PostgreSQL stores (both accept <c>@name</c>
/// parameters) so the two cannot drift from <see cref="RiskEventFilter"/>. Only the time column, its values and the
/// id and decision types differ per store; the caller supplies those.
/// </summary>
internal static class RiskQuerySql
{
    /// <summary>The SELECT of the events matching <paramref name="query"/>, oldest first, columns in <see cref="Read"/>'s order.</summary>
    /// <param name="query">The query.</param>
    /// <param name="table">The (schema-qualified) table.</param>
    /// <param name="atColumn">The time column (<c>at_ms</c> in SQLite, <c>at</c> in PostgreSQL).</param>
    /// <param name="reasonsColumn">The reasons column as JSON text.</param>
    public static string Select(RiskEventQuery query, string table, string atColumn, string reasonsColumn)
    {
        var where = new List<string> { "true" };
        if (query.SubjectKey is not null)
        {
            where.Add("subject_key = @subject");
        }

        if (query.DeviceId is not null)
        {
            where.Add("device_id = @device");
        }

        if (query.From is not null)
        {
            where.Add($"{atColumn} >= @from");
        }

        if (query.To is not null)
        {
            where.Add($"{atColumn} < @to");
        }

        if (query.Decision is not null)
        {
            where.Add("decision = @decision");
        }

        return $"SELECT id, {atColumn}, action, decision, {reasonsColumn}, device_id, site_id, subject_key, subject_masked, request_id "
            + $"FROM {table} WHERE {string.Join(" AND ", where)} ORDER BY {atColumn}, seq LIMIT @limit";
    }

    /// <summary>Binds the parameters <see cref="Select"/> named for <paramref name="query"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="query">The query.</param>
    /// <param name="time">A time as the store keeps it.</param>
    /// <param name="decision">A decision as the store keeps it.</param>
    public static void Bind(DbCommand command, RiskEventQuery query, Func<DateTimeOffset, object> time, Func<RiskDecision, object> decision)
    {
        Add(command, "subject", query.SubjectKey);
        Add(command, "device", query.DeviceId);
        Add(command, "from", query.From is { } from ? time(from) : null);
        Add(command, "to", query.To is { } to ? time(to) : null);
        Add(command, "decision", query.Decision is { } d ? decision(d) : null);
        Add(command, "limit", Math.Max(0, query.Limit));
    }

    /// <summary>Reads the current row of a <see cref="Select"/>.</summary>
    /// <param name="reader">The reader, on a row.</param>
    /// <param name="id">Reads the id (column 0).</param>
    /// <param name="at">Reads the time (column 1).</param>
    /// <param name="decision">Reads the decision (column 3).</param>
    public static RiskEvent Read(DbDataReader reader, Func<DbDataReader, Guid> id, Func<DbDataReader, DateTimeOffset> at, Func<DbDataReader, RiskDecision> decision) => new()
    {
        Id = id(reader),
        At = at(reader),
        Action = reader.GetString(2),
        Decision = decision(reader),
        Reasons = RiskReasonsJson.Read(reader.GetString(4)),
        DeviceId = reader.IsDBNull(5) ? null : reader.GetString(5),
        SiteId = reader.IsDBNull(6) ? null : reader.GetString(6),
        SubjectKey = reader.IsDBNull(7) ? null : reader.GetString(7),
        SubjectMasked = reader.IsDBNull(8) ? null : reader.GetString(8),
        RequestId = reader.IsDBNull(9) ? null : reader.GetString(9),
    };

    // Only filters that are set get a parameter, as Select only names those.
    private static void Add(DbCommand command, string name, object? value)
    {
        if (value is null)
        {
            return;
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
