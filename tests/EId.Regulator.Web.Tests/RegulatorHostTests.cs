using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using EId.Postal;
using EId.Postal.AspNetCore.Tokens;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using EId.Postal.Waybills;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace EId.Regulator.Web.Tests;

/// <summary>
/// The regulator API in a minimal host of its own (in-memory ledger): keys from an OpenID Connect provider's discovery
/// document on loopback, and no answer when the audit record cannot be written.
/// </summary>
public sealed class RegulatorHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<(WebApplication App, Uri Address)> StartPostalAsync(ILedgerStore store, Action<EId.Postal.AspNetCore.RegulatorApi.RegulatorApiOptions> regulator)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address.AbsoluteUri);
        builder.Logging.ClearProviders();
        var (signing, kek) = LedgerKeys.GenerateRaw();
        builder.Services.AddSingleton(store);
        builder.Services.AddEIdPostal(o =>
        {
            o.Storage.Backend = EId.Storage.StorageBackend.InMemory;
            o.CheckpointSigningKey = signing;
            o.KeyEncryptionKey = kek;
            o.SenderTokenKey = RandomNumberGenerator.GetBytes(32);
            o.CheckpointPeriod = Timeout.InfiniteTimeSpan;
        });
        builder.Services.AddEIdRegulatorApi(regulator);
        var app = builder.Build();
        app.MapEIdRegulatorApi();
        await app.StartAsync(Ct);
        var ledger = app.Services.GetRequiredService<ParcelLedger>();
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        Assert.True((await ledger.TryAppendAsync(new ParcelRecord
        {
            WaybillNumber = WaybillNumber.Create("EI", 42).Value,
            SenderToken = "token-1",
            SenderNameMasked = "王**",
            ItemCategory = "DOC",
            WeightGrams = 120,
            OriginRegion = "110105",
            DestinationRegion = "310115",
            CourierId = "courier-1",
            DeviceId = "handheld-1",
            Verification = new SenderVerification(SenderVerdict.Verified, 0.7f, 0.9f, at),
            AcceptedAt = at,
            SenderPii = new SenderPii("110105199003071239", "王建国", null),
        }, Ct)).IsSuccess);
        return (app, address);
    }

    private static HttpClient Client(Uri address, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(address, "regulator/v1/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Keys_come_from_an_openid_connect_providers_discovery_document()
    {
        // A stand-in provider on loopback: its discovery document and JWKS, as any OIDC provider serves them.
        var idpAddress = new Uri($"http://127.0.0.1:{FreePort()}/realms/post");
        using var idpKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var securityKey = new ECDsaSecurityKey(idpKey) { KeyId = "idp-key-1" };
        var p = idpKey.ExportParameters(false);
        var idpBuilder = WebApplication.CreateSlimBuilder();
        idpBuilder.WebHost.UseUrls($"http://127.0.0.1:{idpAddress.Port}");
        idpBuilder.Logging.ClearProviders();
        await using var idp = idpBuilder.Build();
        idp.MapGet("/realms/post/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = idpAddress.AbsoluteUri,
            ["jwks_uri"] = idpAddress.AbsoluteUri + "/protocol/certs",
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        }));
        idp.MapGet("/realms/post/protocol/certs", () => Results.Json(new
        {
            keys = new[] { new Dictionary<string, string> { ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = "idp-key-1", ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y) } },
        }));
        await idp.StartAsync(Ct);

        var (app, address) = await StartPostalAsync(new InMemoryLedgerStore(), o =>
        {
            o.Authority = idpAddress;
            o.RequireHttpsMetadata = false; // loopback test provider only
            o.Issuer = idpAddress.AbsoluteUri;
            o.Audience = "eid-regulator-api";
        });
        await using var _ = app;
        var now = DateTimeOffset.UtcNow;
        var waybill = WaybillNumber.Create("EI", 42).Value;

        using (var good = Client(address, RegulatorDevelopmentTokens.Mint(securityKey, idpAddress.AbsoluteUri, "eid-regulator-api", "officer-oidc", RegulatorRoles.Trace, now.AddMinutes(-1), now.AddMinutes(10))))
        {
            var parcel = await good.GetFromJsonAsync<JsonElement>($"parcels/{waybill}", Ct);
            Assert.Equal(waybill, parcel.GetProperty("waybillNumber").GetString());
        }

        // A key the provider does not publish, and the right key under another issuer, are both refused.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var forged = Client(address, RegulatorDevelopmentTokens.Mint(new ECDsaSecurityKey(other) { KeyId = "idp-key-1" }, idpAddress.AbsoluteUri, "eid-regulator-api", "officer-oidc", RegulatorRoles.Trace, now.AddMinutes(-1), now.AddMinutes(10))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync($"parcels/{waybill}", Ct)).StatusCode);
        }

        using var wrongIssuer = Client(address, RegulatorDevelopmentTokens.Mint(securityKey, "https://elsewhere.invalid/", "eid-regulator-api", "officer-oidc", RegulatorRoles.Trace, now.AddMinutes(-1), now.AddMinutes(10)));
        var refused = await wrongIssuer.GetAsync($"parcels/{waybill}", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("wrong-issuer", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task No_answer_leaves_the_server_when_its_audit_record_cannot_be_written()
    {
        var store = new AuditOutageStore(new InMemoryLedgerStore());
        var folder = Path.Combine(Path.GetTempPath(), "eid-regulator-host-" + Guid.NewGuid().ToString("N")[..8]);
        var (app, address) = await StartPostalAsync(store, o => o.DevelopmentTokenFolder = folder);
        await using var _ = app;
        // The development key and the demo officers' tokens are credentials: owner-only files.
        foreach (var file in new[] { RegulatorDevelopmentTokens.KeyFileName, "officer-supervisor.jwt", "officer-analyst.jwt" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, file)));
            }
        }

        var key = RegulatorDevelopmentTokens.LoadOrCreateKey(folder);
        using var ecdsa = key.ECDsa;
        var now = DateTimeOffset.UtcNow;
        var token = RegulatorDevelopmentTokens.Mint(key, "eid-regulator-dev", "eid-regulator-api", "officer-a", RegulatorRoles.Trace | RegulatorRoles.ReadPersonalData, now.AddMinutes(-1), now.AddMinutes(10));
        using var client = Client(address, token);
        var waybill = WaybillNumber.Create("EI", 42).Value;

        var ok = JsonText.Decoded(await client.GetStringAsync($"parcels/{waybill}", Ct));
        Assert.Contains("王建国", ok, StringComparison.Ordinal);
        Assert.Single(await store.ReadAuditAsync(now.AddHours(-1), now.AddHours(1), Ct));

        store.Failing = true;
        var response = await client.GetAsync($"parcels/{waybill}", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        body = body.Length == 0 ? body : JsonText.Decoded(body);
        Assert.DoesNotContain("王建国", body, StringComparison.Ordinal);
        Assert.DoesNotContain(waybill, body, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A real in-memory store whose audit log can be made to fail (an outage of the audit table).</summary>
    private sealed class AuditOutageStore(InMemoryLedgerStore inner) : ILedgerStore
    {
        public volatile bool Failing;

        public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

        public ValueTask<Result<LedgerBatch, Failure<ParcelError>>> AppendAsync(Func<LedgerHead, LedgerBatch> build, CancellationToken cancellationToken = default) => inner.AppendAsync(build, cancellationToken);

        public ValueTask<LedgerCheckpoint?> CheckpointHeadAsync(Func<LedgerHead, LedgerCheckpoint> sign, CancellationToken cancellationToken = default) => inner.CheckpointHeadAsync(sign, cancellationToken);

        public ValueTask<LedgerHead> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

        public ValueTask<LedgerEntry?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default) => inner.FindAsync(waybillNumber, cancellationToken);

        public ValueTask<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int count, CancellationToken cancellationToken = default) => inner.ReadEntriesAsync(fromSequence, count, cancellationToken);

        public ValueTask<IReadOnlyList<LedgerCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken = default) => inner.ReadCheckpointsAsync(cancellationToken);

        public ValueTask<byte[]?> GetDataKeyAsync(long sequence, CancellationToken cancellationToken = default) => inner.GetDataKeyAsync(sequence, cancellationToken);

        public ValueTask<int> DeleteDataKeysAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken = default) => inner.DeleteDataKeysAsync(acceptedBefore, cancellationToken);

        public ValueTask AppendAuditAsync(RegulatorAuditRecord record, CancellationToken cancellationToken = default) =>
            Failing ? throw new IOException("audit table unavailable") : inner.AppendAuditAsync(record, cancellationToken);

        public ValueTask<IReadOnlyList<RegulatorAuditRecord>> ReadAuditAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) => inner.ReadAuditAsync(from, to, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
