namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>
/// The body of a sender search (a POST, so an ID number never lands in a URL or an access log). Give the sender's
/// token or ID number (turned into the token at once; only the token is audited).
/// </summary>
public sealed class SenderSearchRequest
{
    /// <summary>The sender's token (pseudonym).</summary>
    public string? SenderToken { get; set; }

    /// <summary>The sender's ID number.</summary>
    public string? IdNumber { get; set; }

    /// <summary>Start of the period (inclusive).</summary>
    public DateTimeOffset From { get; set; }

    /// <summary>End of the period (exclusive).</summary>
    public DateTimeOffset To { get; set; }

    /// <summary>Page number, from 1.</summary>
    public int Page { get; set; } = 1;

    /// <summary>Page size (at most <see cref="Regulation.RegulatorPage.MaxPageSize"/>).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Never prints the ID number.</summary>
    public override string ToString() => "SenderSearchRequest(…)";
}
