namespace EId.Postal.Storage;

/// <summary>One regulator query, as written to the audit log before the answer is returned.</summary>
/// <param name="At">When the query was made.</param>
/// <param name="OfficerId">Who asked.</param>
/// <param name="Roles">The roles they held.</param>
/// <param name="Query">Query kind (<c>trace</c>, <c>sender</c>, <c>region</c>, <c>audit</c>).</param>
/// <param name="Parameters">The parameters, with sender identifiers as pseudonyms only.</param>
/// <param name="Allowed">Whether the role check passed.</param>
/// <param name="ResultCount">How many parcels were returned.</param>
public sealed record RegulatorAuditRecord(DateTimeOffset At, string OfficerId, string Roles, string Query, string Parameters, bool Allowed, int ResultCount);
