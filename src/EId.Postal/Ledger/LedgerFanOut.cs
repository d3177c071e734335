using EId.Postal.Storage;

namespace EId.Postal.Ledger;

/// <summary>
/// Searches over every ledger of an <see cref="IParcelLedgerSet"/>: each ledger answers the query with its own limit, and the
/// answers merge ordered by acceptance time (ties in stream order, each stream in its own sequence order), cut to the limit.
/// For a set of one this is exactly that ledger's answer.
/// </summary>
public static class LedgerFanOut
{
    /// <summary>Parcels matching <paramref name="query"/> over all ledgers, optionally with their personal data.</summary>
    public static async ValueTask<IReadOnlyList<ParcelRecord>> QueryAsync(this IParcelLedgerSet ledgers, LedgerQuery query, bool withPii, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        ArgumentNullException.ThrowIfNull(query);
        var streams = ledgers.Streams;
        if (streams.Count == 1)
        {
            return await streams[0].QueryAsync(query, withPii, cancellationToken).ConfigureAwait(false);
        }

        var answers = await Task.WhenAll(streams.Select(s => s.QueryAsync(query, withPii, cancellationToken).AsTask())).ConfigureAwait(false);
        return [.. answers.SelectMany(a => a).OrderBy(r => r.AcceptedAt).Take(query.Limit)];
    }

    /// <summary>Stored entries matching <paramref name="query"/> over all ledgers (no decryption), merged the same way.</summary>
    public static async ValueTask<IReadOnlyList<LedgerEntry>> QueryEntriesAsync(this IParcelLedgerSet ledgers, LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        ArgumentNullException.ThrowIfNull(query);
        var streams = ledgers.Streams;
        if (streams.Count == 1)
        {
            return await streams[0].Store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var answers = await Task.WhenAll(streams.Select(s => s.Store.QueryAsync(query, cancellationToken).AsTask())).ConfigureAwait(false);
        return [.. answers.SelectMany(a => a).OrderBy(e => e.AcceptedAt).Take(query.Limit)];
    }
}
