using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EId.Postal.AspNetCore.RegulatorApi;
using EId.Postal.AspNetCore.Tokens;
using EId.Postal.Ledger;
using EId.Postal.Regulation;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Regulator.Web.Tests;

/// <summary>The regulator API over real HTTP: bearer authentication, role policies, PII, paging, rate limits, audit.</summary>
[Collection(RegulatorServerCollection.Name)]
public sealed class RegulatorApiTests(RegulatorServerFixture server)
{
    private const RegulatorRoles NoPii = RegulatorRoles.Trace | RegulatorRoles.SenderSearch | RegulatorRoles.RegionSearch | RegulatorRoles.Audit;
    private const RegulatorRoles All = NoPii | RegulatorRoles.ReadPersonalData;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(RegulatorProblems.TypePrefix + code, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401_problem_with_a_bearer_challenge()
    {
        using var client = server.Client(null);
        var response = await client.GetAsync("me", Ct);
        await ProblemAsync(response, HttpStatusCode.Unauthorized, "token-missing");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_wrong_audience_and_foreign_key_tokens_get_401_with_their_reason()
    {
        var officer = RegulatorServerFixture.NewOfficer("bad");
        using (var expired = server.Client(server.Token(officer, All, TimeSpan.FromMinutes(10), notBefore: DateTimeOffset.UtcNow.AddHours(-2))))
        {
            await ProblemAsync(await expired.GetAsync("me", Ct), HttpStatusCode.Unauthorized, "token-expired");
        }

        using (var audience = server.Client(server.Token(officer, All, audience: "some-other-api")))
        {
            await ProblemAsync(await audience.GetAsync("me", Ct), HttpStatusCode.Unauthorized, "wrong-audience");
        }

        var foreignFolder = Path.Combine(Path.GetTempPath(), "eid-foreign-" + Guid.NewGuid().ToString("N")[..8]);
        using var foreign = RegulatorDevelopmentTokens.LoadOrCreateKey(foreignFolder).ECDsa;
        var forged = RegulatorDevelopmentTokens.Mint(new Microsoft.IdentityModel.Tokens.ECDsaSecurityKey(foreign), "eid-regulator-dev", "eid-regulator-api", officer, All, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using (var forgedClient = server.Client(forged))
        {
            await ProblemAsync(await forgedClient.GetAsync("me", Ct), HttpStatusCode.Unauthorized, "bad-signature");
        }

        Directory.Delete(foreignFolder, recursive: true);
        using var good = server.Client(server.Token(officer, All));
        var me = await good.GetFromJsonAsync<JsonElement>("me", Ct);
        Assert.Equal(officer, me.GetProperty("officer").GetString());
        Assert.Equal(RegulatorClaims.NamesOf(All), me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    public static TheoryData<RegulatorRoles, string> Endpoints => new()
    {
        { RegulatorRoles.Trace, "parcels/EI0000007000" },
        { RegulatorRoles.RegionSearch, "regions/110000/parcels?from=2026-11-01T00:00:00Z&to=2026-11-10T00:00:00Z" },
        { RegulatorRoles.RegionSearch, "statistics/parcels-per-day?from=2026-11-02&to=2026-11-08" },
        { RegulatorRoles.Audit, "audit?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_endpoint_needs_its_role_and_a_refusal_is_audited(RegulatorRoles needed, string path)
    {
        var waybill = server.Parcels[0].WaybillNumber;
        path = path.Replace("EI0000007000", waybill, StringComparison.Ordinal);
        var lacking = RegulatorServerFixture.NewOfficer("lacking");
        using (var without = server.Client(server.Token(lacking, All & ~needed)))
        {
            await ProblemAsync(await without.GetAsync(path, Ct), HttpStatusCode.Forbidden, "forbidden");
        }

        using (var with = server.Client(server.Token(RegulatorServerFixture.NewOfficer("holder"), needed)))
        {
            var response = await with.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var audit = await AuditOfAsync(lacking);
        var refused = Assert.Single(audit);
        Assert.False(refused.Allowed);
    }

    [Fact]
    public async Task Sender_search_needs_its_role()
    {
        var lacking = RegulatorServerFixture.NewOfficer("lacking");
        using var client = server.Client(server.Token(lacking, All & ~RegulatorRoles.SenderSearch));
        var response = await client.PostAsJsonAsync("sender-parcels", new { idNumber = RegulatorServerFixture.Senders[0].IdNumber, from = "2026-11-01T00:00:00Z", to = "2026-11-10T00:00:00Z" }, Ct);
        await ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        var refused = Assert.Single(await AuditOfAsync(lacking));
        Assert.Equal("sender", refused.Query);
        Assert.DoesNotContain(RegulatorServerFixture.Senders[0].IdNumber, refused.Parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_shows_personal_data_only_with_the_role_and_is_audited_before_the_answer()
    {
        var parcel = server.Parcels[3];
        var pii = parcel.SenderPii!;

        var analyst = RegulatorServerFixture.NewOfficer("analyst");
        using var masked = server.Client(server.Token(analyst, NoPii));
        var raw = await masked.GetStringAsync($"parcels/{parcel.WaybillNumber}", Ct);
        var text = JsonText.Decoded(raw);
        var received = DateTimeOffset.UtcNow;
        var json = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(parcel.WaybillNumber, json.GetProperty("waybillNumber").GetString());
        Assert.Equal(parcel.SenderNameMasked, json.GetProperty("senderNameMasked").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sender").ValueKind);
        Assert.DoesNotContain(pii.FullName, text, StringComparison.Ordinal);
        Assert.DoesNotContain(pii.IdNumber, text, StringComparison.Ordinal);

        var audit = Assert.Single(await AuditOfAsync(analyst));
        Assert.True(audit.Allowed);
        Assert.Equal("trace", audit.Query);
        Assert.Equal(1, audit.ResultCount);
        Assert.True(audit.At <= received);

        using var full = server.Client(server.Token(RegulatorServerFixture.NewOfficer("supervisor"), All));
        var open = await full.GetFromJsonAsync<JsonElement>($"parcels/{parcel.WaybillNumber}", Ct);
        Assert.Equal(pii.FullName, open.GetProperty("sender").GetProperty("fullName").GetString());
        Assert.Contains(pii.FullName, JsonText.Decoded(open.GetRawText()), StringComparison.Ordinal);
        Assert.Equal(pii.IdNumber, open.GetProperty("sender").GetProperty("idNumber").GetString());
    }

    [Fact]
    public async Task Bad_input_and_unknown_waybills_are_typed_problems()
    {
        using var client = server.Client(server.Token(RegulatorServerFixture.NewOfficer("input"), All));
        await ProblemAsync(await client.GetAsync("parcels/not-a-waybill", Ct), HttpStatusCode.BadRequest, "bad-input");
        await ProblemAsync(await client.GetAsync($"parcels/{Waybill(99999)}", Ct), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await client.GetAsync("regions/12345x/parcels?from=2026-11-01T00:00:00Z&to=2026-11-10T00:00:00Z", Ct), HttpStatusCode.BadRequest, "bad-input");
        await ProblemAsync(await client.GetAsync("regions/110000/parcels?from=yesterday&to=2026-11-10T00:00:00Z", Ct), HttpStatusCode.BadRequest, "bad-input");
        await ProblemAsync(await client.GetAsync("statistics/parcels-per-day?from=2026-11-08&to=2026-11-02", Ct), HttpStatusCode.BadRequest, "bad-input");
        using var junk = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        await ProblemAsync(await client.PostAsync("sender-parcels", junk, Ct), HttpStatusCode.BadRequest, "bad-input");
        await ProblemAsync(await client.PostAsJsonAsync("sender-parcels", new { from = "2026-11-01T00:00:00Z", to = "2026-11-10T00:00:00Z" }, Ct), HttpStatusCode.BadRequest, "bad-input");
    }

    private static string Waybill(long n) => EId.Postal.Waybills.WaybillNumber.Create("EI", n).Value;

    [Fact]
    public async Task Region_parcels_page_with_a_maximum_page_size()
    {
        using var client = server.Client(server.Token(RegulatorServerFixture.NewOfficer("pager"), NoPii));
        const string query = "regions/110000/parcels?from=2026-11-01T00:00:00Z&to=2026-11-10T00:00:00Z&side=Origin";
        var seen = new List<string>();
        for (var page = 1; ; page++)
        {
            var json = await client.GetFromJsonAsync<JsonElement>($"{query}&page={page}&pageSize=4", Ct);
            Assert.Equal(server.Parcels.Count, json.GetProperty("total").GetInt32());
            var items = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("waybillNumber").GetString()!).ToList();
            Assert.True(items.Count <= 4);
            seen.AddRange(items);
            if (!json.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
        }

        Assert.Equal(server.Parcels.Select(p => p.WaybillNumber).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        await ProblemAsync(await client.GetAsync($"{query}&pageSize={RegulatorPage.MaxPageSize + 1}", Ct), HttpStatusCode.BadRequest, "bad-input");
        await ProblemAsync(await client.GetAsync($"{query}&page=0", Ct), HttpStatusCode.BadRequest, "bad-input");

        var destination = await client.GetFromJsonAsync<JsonElement>("regions/440300/parcels?from=2026-11-01T00:00:00Z&to=2026-11-10T00:00:00Z&side=Destination", Ct);
        Assert.Equal(server.Parcels.Count(p => p.DestinationRegion == "440305"), destination.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Sender_search_by_id_number_finds_that_senders_parcels_only()
    {
        var sender = RegulatorServerFixture.Senders[1];
        using var client = server.Client(server.Token(RegulatorServerFixture.NewOfficer("sender"), All));
        var response = await client.PostAsJsonAsync("sender-parcels", new { idNumber = sender.IdNumber, from = "2026-11-01T00:00:00Z", to = "2026-11-10T00:00:00Z", pageSize = 100 }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var expected = server.Parcels.Where(p => p.SenderPii == sender).Select(p => p.WaybillNumber).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("waybillNumber").GetString()!).ToList());
        Assert.All(json.GetProperty("items").EnumerateArray(), i => Assert.Equal(sender.FullName, i.GetProperty("sender").GetProperty("fullName").GetString()));
    }

    [Fact]
    public async Task Statistics_give_every_day_of_the_period_with_the_seeded_counts()
    {
        using var client = server.Client(server.Token(RegulatorServerFixture.NewOfficer("stats"), RegulatorRoles.RegionSearch));
        var json = await client.GetFromJsonAsync<JsonElement>("statistics/parcels-per-day?region=110000&from=2026-11-02&to=2026-11-08", Ct);
        var days = json.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("parcels").GetInt64()).ToArray();
        Assert.Equal(Enumerable.Range(0, RegulatorServerFixture.Days).Select(d => (long)RegulatorServerFixture.ParcelsOn(d)).ToArray(), days);

        var elsewhere = await client.GetFromJsonAsync<JsonElement>("statistics/parcels-per-day?region=500000&from=2026-11-02&to=2026-11-08", Ct);
        Assert.All(elsewhere.GetProperty("days").EnumerateArray(), d => Assert.Equal(0, d.GetProperty("parcels").GetInt64()));
    }

    [Fact]
    public async Task Ledger_status_reports_an_intact_chain_and_the_latest_signed_checkpoint()
    {
        using var client = server.Client(server.Token(RegulatorServerFixture.NewOfficer("ledger"), RegulatorRoles.Trace));
        var json = await client.GetFromJsonAsync<JsonElement>("ledger", Ct);
        var ledger = server.App.Services.GetRequiredService<ParcelLedger>();
        var head = await ledger.Store.GetHeadAsync(Ct);
        Assert.True(json.GetProperty("intact").GetBoolean());
        Assert.Equal(head.LastSequence, json.GetProperty("entries").GetInt64());
        var checkpoint = json.GetProperty("latestCheckpoint");
        Assert.Equal(head.LastSequence, checkpoint.GetProperty("sequence").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(head.LastHash), checkpoint.GetProperty("entryHash").GetString());
        var keys = server.App.Services.GetRequiredService<EId.Demo.DemoKeys>();
        Assert.Equal(Convert.ToHexStringLower(keys.CheckpointPublicKey), checkpoint.GetProperty("publicKey").GetString());

        using var noRoles = server.Client(server.Token(RegulatorServerFixture.NewOfficer("nobody"), RegulatorRoles.None));
        await ProblemAsync(await noRoles.GetAsync("ledger", Ct), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Rate_limit_is_per_officer_and_answers_429_with_retry_after()
    {
        using var busy = server.Client(server.Token(RegulatorServerFixture.NewOfficer("busy"), RegulatorRoles.Trace));
        for (var i = 0; i < RegulatorServerFixture.RateLimit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("me", Ct)).StatusCode);
        }

        var limited = await busy.GetAsync("me", Ct);
        await ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using var other = server.Client(server.Token(RegulatorServerFixture.NewOfficer("calm"), RegulatorRoles.Trace));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("me", Ct)).StatusCode);
    }

    private async Task<IReadOnlyList<EId.Postal.Storage.RegulatorAuditRecord>> AuditOfAsync(string officer)
    {
        var ledger = server.App.Services.GetRequiredService<ParcelLedger>();
        var all = await ledger.Store.ReadAuditAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1), Ct);
        return [.. all.Where(a => a.OfficerId == officer)];
    }
}
