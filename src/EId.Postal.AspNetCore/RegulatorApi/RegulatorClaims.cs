using System.Security.Claims;
using EId.Postal.Regulation;

namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>Maps a validated token's claims to a <see cref="RegulatorPrincipal"/>.</summary>
public static class RegulatorClaims
{
    /// <summary>The role claim values and the <see cref="RegulatorRoles"/> they grant.</summary>
    public static IReadOnlyDictionary<string, RegulatorRoles> RoleNames { get; } = new Dictionary<string, RegulatorRoles>(StringComparer.OrdinalIgnoreCase)
    {
        ["trace"] = RegulatorRoles.Trace,
        ["sender-search"] = RegulatorRoles.SenderSearch,
        ["region-search"] = RegulatorRoles.RegionSearch,
        ["read-personal-data"] = RegulatorRoles.ReadPersonalData,
        ["audit"] = RegulatorRoles.Audit,
    };

    /// <summary>The claim value of one role (e.g. <c>read-personal-data</c>).</summary>
    /// <param name="role">A single role.</param>
    /// <returns>The claim value.</returns>
    public static string NameOf(RegulatorRoles role) => RoleNames.First(r => r.Value == role).Key;

    /// <summary>The claim values of every role in <paramref name="roles"/>.</summary>
    /// <param name="roles">Roles.</param>
    /// <returns>Claim values, in a fixed order.</returns>
    public static IReadOnlyList<string> NamesOf(RegulatorRoles roles) => [.. RoleNames.Where(r => roles.HasFlag(r.Value)).Select(r => r.Key)];

    /// <summary>
    /// The officer behind <paramref name="user"/>: the identity's name claim (the configured officer claim) and the roles
    /// from its role claims. A role claim may be repeated (a JSON array) or hold space-separated values; unknown values
    /// grant nothing. Null when the user is not authenticated or has no officer id.
    /// </summary>
    /// <param name="user">The authenticated user.</param>
    /// <returns>The officer, or null.</returns>
    public static RegulatorPrincipal? Officer(ClaimsPrincipal? user)
    {
        if (user?.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
        {
            return null;
        }

        var id = identity.FindFirst(identity.NameClaimType)?.Value;
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var roles = RegulatorRoles.None;
        foreach (var claim in identity.FindAll(identity.RoleClaimType))
        {
            foreach (var value in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                roles |= RoleNames.GetValueOrDefault(value);
            }
        }

        return new RegulatorPrincipal(id, roles);
    }
}
