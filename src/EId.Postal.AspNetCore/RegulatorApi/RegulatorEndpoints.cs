using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EId.Postal.Regions;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>
/// The regulator API's endpoints under <c>{prefix}/v1</c>. Each needs the role its query needs (an authorization policy),
/// counts against the officer's rate limit, answers errors as RFC 7807 problems, and leaves the audit to
/// <see cref="RegulatorQueries"/> / <see cref="RegulatorOverview"/>, which write it before answering.
/// </summary>
public static class RegulatorEndpoints
{
    /// <summary>The API's JSON settings (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Maps the endpoints on <paramref name="api"/> (the <c>{prefix}/v1</c> group).</summary>
    /// <param name="api">The group.</param>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/me", (HttpContext http) =>
        {
            var officer = RegulatorClaims.Officer(http.User)!;
            return Results.Json(new { officer = officer.OfficerId, roles = RegulatorClaims.NamesOf(officer.Roles) }, Json);
        }).RequireAuthorization(RegulatorApiNames.OfficerPolicy);

        api.MapGet("/parcels/{waybill}", async (HttpContext http, string waybill, RegulatorQueries queries) =>
        {
            var officer = RegulatorClaims.Officer(http.User)!;
            var result = await queries.TraceAsync(officer, waybill, http.RequestAborted).ConfigureAwait(false);
            return result.IsSuccess ? Results.Json(ParcelView.Of(result.Value, officer), Json) : RegulatorProblems.Of(result.Error);
        }).RequireAuthorization(RoleOf(RegulatorRoles.Trace)).WithMetadata(new RegulatorAuditName("trace"));

        api.MapPost("/sender-parcels", async (HttpContext http, RegulatorQueries queries) =>
        {
            var officer = RegulatorClaims.Officer(http.User)!;
            SenderSearchRequest? request;
            try
            {
                request = await http.Request.ReadFromJsonAsync<SenderSearchRequest>(Json, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                request = null;
            }

            if (request is null)
            {
                return RegulatorProblems.BadInput("The body must be a JSON sender search (senderToken or idNumber, from, to, page, pageSize).");
            }

            if (RegulatorPage.Check(request.Page, request.PageSize) is { } pageProblem)
            {
                return RegulatorProblems.BadInput(pageProblem);
            }

            var byId = !string.IsNullOrWhiteSpace(request.IdNumber);
            if (byId == !string.IsNullOrWhiteSpace(request.SenderToken))
            {
                return RegulatorProblems.BadInput("Give exactly one of senderToken and idNumber.");
            }

            var result = byId
                ? await queries.SenderParcelsByIdNumberAsync(officer, request.IdNumber!.Trim(), request.From, request.To, http.RequestAborted).ConfigureAwait(false)
                : await queries.SenderParcelsAsync(officer, request.SenderToken!.Trim(), request.From, request.To, http.RequestAborted).ConfigureAwait(false);
            return result.IsSuccess ? PageOf(result.Value, officer, request.Page, request.PageSize) : RegulatorProblems.Of(result.Error);
        }).RequireAuthorization(RoleOf(RegulatorRoles.SenderSearch)).WithMetadata(new RegulatorAuditName("sender"));

        api.MapGet("/regions/{region}/parcels", async (HttpContext http, string region, RegulatorQueries queries) =>
        {
            var officer = RegulatorClaims.Officer(http.User)!;
            var q = http.Request.Query;
            if (Period(q["from"], q["to"]) is not ({ } from, { } to))
            {
                return RegulatorProblems.BadInput("from and to must be ISO 8601 times (e.g. 2026-11-02T00:00:00Z).");
            }

            if (!Enum.TryParse<RegionSide>(q["side"].FirstOrDefault() ?? nameof(RegionSide.Either), ignoreCase: true, out var side) || !Enum.IsDefined(side))
            {
                return RegulatorProblems.BadInput("side must be Either, Origin or Destination.");
            }

            if (Paging(q["page"], q["pageSize"]) is not (int page, int size) || RegulatorPage.Check(page, size) is { } pageProblem)
            {
                return RegulatorProblems.BadInput($"page starts at 1; pageSize is 1 to {RegulatorPage.MaxPageSize}.");
            }

            var result = await queries.RegionParcelsAsync(officer, region, side, from, to, RegulatorQueries.MaxResults, http.RequestAborted).ConfigureAwait(false);
            return result.IsSuccess ? PageOf(result.Value, officer, page, size) : RegulatorProblems.Of(result.Error);
        }).RequireAuthorization(RoleOf(RegulatorRoles.RegionSearch)).WithMetadata(new RegulatorAuditName("region"));

        api.MapGet("/statistics/parcels-per-day", async (HttpContext http, RegulatorOverview overview) =>
        {
            var officer = RegulatorClaims.Officer(http.User)!;
            var q = http.Request.Query;
            var regionText = q["region"].FirstOrDefault();
            var region = string.IsNullOrEmpty(regionText) ? (RegionCode?)null : RegionCode.Parse(regionText) is { IsSuccess: true } parsed ? parsed.Value : null;
            if (!Day(q["from"], out var from) || !Day(q["to"], out var to) || (!string.IsNullOrEmpty(regionText) && region is null))
            {
                return RegulatorProblems.BadInput("from and to must be days (yyyy-MM-dd); region, when given, a six-digit region code.");
            }

            var result = await overview.RegionPairDayCountsAsync(officer, from, to, http.RequestAborted).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return RegulatorProblems.Of(result.Error);
            }

            var pairs = region is { } r ? result.Value.Where(p => In(r, p.OriginRegion) || In(r, p.DestinationRegion)).ToList() : [.. result.Value];
            var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(i => from.AddDays(i))
                .Select(d => new { day = d, parcels = pairs.Where(p => p.Day == d).Sum(p => p.Parcels) });
            return Results.Json(new { region = region?.Value, from, to, days, pairs }, Json);
        }).RequireAuthorization(RoleOf(RegulatorRoles.RegionSearch)).WithMetadata(new RegulatorAuditName("statistics"));

        api.MapGet("/ledger", async (HttpContext http, RegulatorOverview overview) =>
        {
            var officer = RegulatorClaims.Officer(http.User)!;
            var result = await overview.LedgerStatusAsync(officer, http.RequestAborted).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return RegulatorProblems.Of(result.Error);
            }

            var s = result.Value;
            var checkpoint = s.LatestCheckpoint is { } c
                ? new { sequence = c.Sequence, entryHash = Convert.ToHexStringLower(c.EntryHash), signedAt = c.SignedAt, publicKey = Convert.ToHexStringLower(c.PublicKey), signature = Convert.ToHexStringLower(c.Signature) }
                : null;
            var treeHead = s.LatestTreeHead is { } t
                ? new { treeSize = t.TreeSize, timestamp = t.Timestamp, streamCount = t.StreamCount, streamsRoot = Convert.ToHexStringLower(t.StreamsRoot), logRoot = Convert.ToHexStringLower(t.LogRoot), publicKey = Convert.ToHexStringLower(t.PublicKey), signature = Convert.ToHexStringLower(t.Signature) }
                : null;
            return Results.Json(new
            {
                ledgerId = s.LedgerId,
                streams = s.Streams,
                entries = s.Entries,
                intact = s.Verification.IsIntact,
                entriesChecked = s.Verification.EntriesChecked,
                firstBadSequence = s.Verification.FirstBadSequence,
                problem = s.Verification.Problem,
                reason = s.Verification.Reason?.ToString(),
                checkedAt = s.CheckedAt,
                latestCheckpoint = checkpoint,
                latestTreeHead = treeHead,
            }, Json);
        }).RequireAuthorization(RegulatorApiNames.OfficerPolicy).WithMetadata(new RegulatorAuditName("ledger"));

        api.MapGet("/audit", async (HttpContext http, RegulatorQueries queries) =>
        {
            var officer = RegulatorClaims.Officer(http.User)!;
            var q = http.Request.Query;
            if (Period(q["from"], q["to"]) is not ({ } from, { } to))
            {
                return RegulatorProblems.BadInput("from and to must be ISO 8601 times.");
            }

            if (Paging(q["page"], q["pageSize"]) is not (int page, int size) || RegulatorPage.Check(page, size) is not null)
            {
                return RegulatorProblems.BadInput($"page starts at 1; pageSize is 1 to {RegulatorPage.MaxPageSize}.");
            }

            var result = await queries.AuditTrailAsync(officer, from, to, http.RequestAborted).ConfigureAwait(false);
            return result.IsSuccess ? Results.Json(RegulatorPage.Of(result.Value, page, size), Json) : RegulatorProblems.Of(result.Error);
        }).RequireAuthorization(RoleOf(RegulatorRoles.Audit)).WithMetadata(new RegulatorAuditName("audit"));
    }

    /// <summary>The authorization policy name of a role.</summary>
    /// <param name="role">A single role.</param>
    /// <returns>The policy name.</returns>
    public static string RoleOf(RegulatorRoles role) => RegulatorApiNames.RolePolicy(RegulatorClaims.NameOf(role));

    private static IResult PageOf(IReadOnlyList<ParcelRecord> records, RegulatorPrincipal officer, int page, int size)
    {
        var all = records.Select(r => ParcelView.Of(r, officer)).ToList();
        return Results.Json(RegulatorPage.Of(all, page, size), Json);
    }

    private static bool In(RegionCode region, string code) =>
        string.CompareOrdinal(code, region.Range.Lowest) >= 0 && string.CompareOrdinal(code, region.Range.Highest) <= 0;

    private static (DateTimeOffset? From, DateTimeOffset? To) Period(string? from, string? to) => (Time(from), Time(to));

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static bool Day(string? text, out DateOnly day) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static (int Page, int Size)? Paging(string? page, string? size)
    {
        var p = 1;
        var s = 50;
        return (string.IsNullOrEmpty(page) || int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p))
            && (string.IsNullOrEmpty(size) || int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out s))
            ? (p, s) : null;
    }
}
