using System.Security.Claims;
using EId.Postal.AspNetCore.RegulatorApi;
using EId.Postal.Regulation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Regulator.Web.Tests;

/// <summary>Invariants of the role mapping and the paging, over random input.</summary>
public sealed class RegulatorProperties
{
    private static ClaimsPrincipal User(string? officer, IEnumerable<string> roles)
    {
        var claims = new List<Claim>();
        if (officer is not null)
        {
            claims.Add(new Claim("sub", officer));
        }

        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer", "sub", "roles"));
    }

    [Property(MaxTest = 300)]
    public Property Random_role_claims_grant_exactly_the_known_names_they_contain(string[] junk, NonNegativeInt mask)
    {
        var granted = (RegulatorRoles)(mask.Get & 31);
        var claims = (junk ?? []).Where(j => j is not null).Concat([string.Join(' ', RegulatorClaims.NamesOf(granted))]).ToList();
        var officer = RegulatorClaims.Officer(User("officer-1", claims));
        var fromJunk = (junk ?? []).Where(j => j is not null)
            .SelectMany(j => j.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Aggregate(RegulatorRoles.None, (r, v) => r | RegulatorClaims.RoleNames.GetValueOrDefault(v));
        return (officer is not null && officer.Roles == (granted | fromJunk) && officer.OfficerId == "officer-1").ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property Without_an_officer_id_or_authentication_there_is_no_officer(string[] roles)
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x")]));
        return (RegulatorClaims.Officer(User(null, (roles ?? []).Where(r => r is not null))) is null
            && RegulatorClaims.Officer(anonymous) is null
            && RegulatorClaims.Officer(null) is null).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Pages_partition_the_answer_in_order(NonNegativeInt count, PositiveInt size)
    {
        var all = Enumerable.Range(0, count.Get % 1000).ToList();
        var pageSize = ((size.Get - 1) % RegulatorPage.MaxPageSize) + 1;
        var collected = new List<int>();
        for (var page = 1; ; page++)
        {
            var p = RegulatorPage.Of(all, page, pageSize);
            if (p.Items.Count > pageSize || p.Total != all.Count)
            {
                return false.ToProperty();
            }

            collected.AddRange(p.Items);
            if (!p.HasMore)
            {
                break;
            }
        }

        return collected.SequenceEqual(all).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Bad_page_requests_are_refused_with_a_reason(int page, int size)
    {
        var problem = RegulatorPage.Check(page, size);
        var valid = page >= 1 && size is >= 1 and <= RegulatorPage.MaxPageSize && (long)(page - 1) * size < RegulatorQueries.MaxResults;
        return (valid == (problem is null)).ToProperty();
    }
}
