using System.Data.Common;
using EId.Postal.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace EId.Postal.Storage;

/// <summary>
/// The SQL filter of a <see cref="LedgerQuery"/>, shared by the SQLite and PostgreSQL stores (both accept
/// <c>@name</c> parameters). The caller binds <c>@from</c>, <c>@to</c>, <c>@token</c>, <c>@low</c> and <c>@high</c>.
/// </summary>
internal static class LedgerQuerySql
{
    /// <summary>The entry columns every store selects, in the order <see cref="ReadEntriesAsync"/> reads them.</summary>
    public const string EntryColumns = "seq, waybill, sender_token, accepted_at, origin, destination, body, prev_hash, entry_hash";

    /// <summary><see cref="EntryColumns"/> qualified with a table alias (for joins).</summary>
    public static string Prefixed(string alias) => string.Join(", ", EntryColumns.Split(", ").Select(c => $"{alias}.{c}"));

    /// <summary>Binds <paramref name="query"/>'s parameters (and <c>@limit</c>) for the PostgreSQL stores.</summary>
    public static void BindPostgres(NpgsqlParameterCollection p, LedgerQuery query)
    {
        p.AddWithValue("from", query.From.ToUniversalTime());
        p.AddWithValue("to", query.To.ToUniversalTime());
        p.Add(new NpgsqlParameter("token", NpgsqlDbType.Text) { Value = (object?)query.SenderToken ?? DBNull.Value });
        p.Add(new NpgsqlParameter("low", NpgsqlDbType.Text) { Value = (object?)query.RegionLow ?? DBNull.Value });
        p.Add(new NpgsqlParameter("high", NpgsqlDbType.Text) { Value = (object?)query.RegionHigh ?? DBNull.Value });
        p.AddWithValue("limit", query.Limit);
    }

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

    /// <summary>
    /// Runs <paramref name="command"/> and reads every row as a ledger entry (columns in the stores'
    /// <c>EntryColumns</c> order); <paramref name="acceptedAt"/> reads column 3, whose type differs per store.
    /// When <paramref name="senderKeyMatches"/> says a row's store-specific sender index key disagrees with
    /// its token, the entry reads with an empty token, so verification flags it as an index mismatch.
    /// </summary>
    public static async ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(DbCommand command, Func<DbDataReader, DateTimeOffset> acceptedAt, CancellationToken cancellationToken, Func<DbDataReader, bool>? senderKeyMatches = null)
    {
        var list = new List<LedgerEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new LedgerEntry(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    senderKeyMatches is null || senderKeyMatches(reader) ? reader.GetString(2) : string.Empty,
                    acceptedAt(reader),
                    reader.GetString(4),
                    reader.GetString(5),
                    (byte[])reader[6],
                    (byte[])reader[7],
                    (byte[])reader[8]));
            }
        }

        return list;
    }
}
