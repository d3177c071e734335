namespace EId.Postal.Storage;

/// <summary>
/// The SQL filter of a <see cref="LedgerQuery"/>, shared by the SQLite and PostgreSQL stores (both accept
/// <c>@name</c> parameters). The caller binds <c>@from</c>, <c>@to</c>, <c>@token</c>, <c>@low</c> and <c>@high</c>.
/// </summary>
internal static class LedgerQuerySql
{
    /// <summary>The WHERE clause (without the keyword) for <paramref name="query"/>.</summary>
    public static string Where(LedgerQuery query)
    {
        var where = new List<string> { "accepted_at >= @from", "accepted_at < @to" };
        if (query.SenderToken is not null)
        {
            where.Add("sender_token = @token");
        }

        if (query.RegionLow is not null)
        {
            where.Add(query.Side switch
            {
                RegionSide.Origin => "origin BETWEEN @low AND @high",
                RegionSide.Destination => "destination BETWEEN @low AND @high",
                _ => "(origin BETWEEN @low AND @high OR destination BETWEEN @low AND @high)",
            });
        }

        return string.Join(" AND ", where);
    }
}
