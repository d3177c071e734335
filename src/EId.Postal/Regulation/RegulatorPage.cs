namespace EId.Postal.Regulation;

/// <summary>One page of a regulator answer (page numbers from 1).</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="Page">This page's number (from 1).</param>
/// <param name="PageSize">The page size asked for.</param>
/// <param name="Total">How many items the whole answer holds (at most <see cref="RegulatorQueries.MaxResults"/>).</param>
/// <param name="Truncated">True when the search hit <see cref="RegulatorQueries.MaxResults"/>: narrow the period to see the rest.</param>
public sealed record RegulatorPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, bool Truncated)
{
    /// <summary>Whether a further page exists.</summary>
    public bool HasMore => (long)Page * PageSize < Total;
}

/// <summary>Cuts regulator answers into pages.</summary>
public static class RegulatorPage
{
    /// <summary>Largest page a client may ask for.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Checks a page request; returns why it is bad, or null.</summary>
    /// <param name="page">Page number (from 1).</param>
    /// <param name="pageSize">Page size (1 to <see cref="MaxPageSize"/>).</param>
    /// <returns>The problem, or null.</returns>
    public static string? Check(int page, int pageSize) =>
        page < 1 ? "The page number starts at 1."
        : pageSize is < 1 or > MaxPageSize ? $"The page size must be between 1 and {MaxPageSize}."
        : (long)(page - 1) * pageSize >= RegulatorQueries.MaxResults ? $"A search returns at most {RegulatorQueries.MaxResults} items: narrow it instead of paging further."
        : null;

    /// <summary>Page <paramref name="page"/> of <paramref name="all"/> (an answer of a query capped at <see cref="RegulatorQueries.MaxResults"/>).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="all">The whole answer.</param>
    /// <param name="page">Page number (from 1).</param>
    /// <param name="pageSize">Page size.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page request fails <see cref="Check"/>.</exception>
    public static RegulatorPage<T> Of<T>(IReadOnlyList<T> all, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (Check(page, pageSize) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(page), problem);
        }

        var skip = (page - 1) * pageSize;
        IReadOnlyList<T> items = skip >= all.Count ? [] : [.. all.Skip(skip).Take(pageSize)];
        return new RegulatorPage<T>(items, page, pageSize, all.Count, all.Count >= RegulatorQueries.MaxResults);
    }
}
