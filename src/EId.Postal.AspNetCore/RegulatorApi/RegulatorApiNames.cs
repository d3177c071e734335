namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>The names the regulator API registers: authentication scheme, authorization policies, rate-limit policy.</summary>
public static class RegulatorApiNames
{
    /// <summary>The JWT bearer authentication scheme of officers.</summary>
    public const string Scheme = "EIdRegulator";

    /// <summary>The per-officer rate-limit policy.</summary>
    public const string RateLimitPolicy = "eid.regulator";

    /// <summary>Any authenticated officer.</summary>
    public const string OfficerPolicy = "eid.regulator.officer";

    /// <summary>The authorization policy of one role (e.g. <c>eid.regulator.trace</c>).</summary>
    /// <param name="role">The role's claim value (<see cref="RegulatorClaims.RoleNames"/>).</param>
    /// <returns>The policy name.</returns>
    public static string RolePolicy(string role) => "eid.regulator." + role;
}

/// <summary>Endpoint metadata: the query kind written to the audit log when the role check refuses a request.</summary>
/// <param name="Query">The query kind (<c>trace</c>, <c>sender</c>, <c>region</c>, …).</param>
public sealed record RegulatorAuditName(string Query);
