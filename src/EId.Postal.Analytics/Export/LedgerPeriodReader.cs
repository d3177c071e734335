using System.Runtime.CompilerServices;
using EId.Postal.Ledger;
using EId.Postal.Storage;

namespace EId.Postal.Analytics.Export;

/// <summary>
/// Reads every ledger entry of a period through <see cref="ILedgerStore.QueryAsync"/> in bounded pages. The query has a
/// limit but no cursor, so the period is walked in time windows: a window that fills a page is halved and asked again,
/// a sparse one lets the next window grow.
/// </summary>
internal static class LedgerPeriodReader
{
    private static readonly TimeSpan Smallest = TimeSpan.FromMilliseconds(1);

    public static async IAsyncEnumerable<LedgerEntry> ReadAsync(ILedgerStore store, DateTimeOffset from, DateTimeOffset to, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = from;
        var width = TimeSpan.FromHours(1);
        while (start < to)
        {
            var end = to - start < width ? to : start + width;
            var limit = pageSize + 1;
            IReadOnlyList<LedgerEntry> page;
            while (true)
            {
                page = await store.QueryAsync(new LedgerQuery { From = start, To = end, Limit = limit }, cancellationToken).ConfigureAwait(false);
                if (page.Count <= pageSize || (end - start <= Smallest && page.Count < limit))
                {
                    break;
                }

                if (end - start > Smallest)
                {
                    width = (end - start) / 2;
                    width = width < Smallest ? Smallest : width;
                    end = start + width;
                }
                else
                {
                    // More than a page within one millisecond (acceptance times have millisecond precision): read it whole.
                    limit = checked(limit * 2);
                }
            }

            foreach (var entry in page)
            {
                yield return entry;
            }

            start = end;
            if (page.Count < pageSize / 4)
            {
                width = width > TimeSpan.FromDays(1) ? width : width * 2;
            }
        }
    }
}
