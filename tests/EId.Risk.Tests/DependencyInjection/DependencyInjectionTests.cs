using EId.Faces;
using EId.Risk.Devices;
using EId.Risk.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Risk.Tests.DependencyInjection;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddEIdRisk_wires_a_working_gateway()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        using var authority = DeviceEnrolment.CreateNew();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddEIdRisk(o =>
        {
            o.Storage.Backend = EId.Storage.StorageBackend.InMemory;
            o.TrustedAuthorityKeys.Add(authority.PublicKey.ToArray());
            o.PseudonymKey = new byte[32];
            o.VelocityRules.Add(new VelocityRule { Scope = VelocityScope.Device, Limit = 1, Window = TimeSpan.FromMinutes(1) });
        });
        await using var provider = services.BuildServiceProvider();

        using var key = DeviceKey.Generate();
        var certificate = authority.Issue("kiosk-1", key.PublicKey, "site-1", time.GetUtcNow().AddDays(-1), time.GetUtcNow().AddDays(1), ["issue-eid"]);
        await provider.GetRequiredService<IDeviceRegistry>().EnrollAsync(certificate.ToDeviceRecord(), TestContext.Current.CancellationToken);
        using var device = new DeviceCredential(DeviceKey.Import(key.ExportPrivateKey()), certificate.Encoded, time);
        var gateway = provider.GetRequiredService<ISecurityGateway>();

        var first = await gateway.CheckAsync(new GatewayRequest(device.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray()), "issue-eid"), TestContext.Current.CancellationToken);
        var second = await gateway.CheckAsync(new GatewayRequest(device.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray()), "issue-eid"), TestContext.Current.CancellationToken);

        Assert.True(first.IsAllowed, string.Join(",", first.Reasons));
        Assert.Equal(RiskReasonCode.VelocityExceeded, Assert.Single(second.Reasons).Code);
        Assert.Single(await provider.GetRequiredService<IRiskStore>().QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken));
        Assert.Equal(5, provider.GetServices<IRiskPolicy>().Count());
    }

    [Fact]
    public async Task Default_sqlite_storage_keeps_devices_nonces_and_events_in_one_file()
    {
        var directory = Directory.CreateTempSubdirectory("eid-risk-di-").FullName;
        try
        {
            var path = Path.Combine(directory, "risk.db");
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
            using var authority = DeviceEnrolment.CreateNew();
            using var key = DeviceKey.Generate();
            var certificate = authority.Issue("kiosk-1", key.PublicKey, "site-1", time.GetUtcNow().AddDays(-1), time.GetUtcNow().AddDays(1), ["issue-eid"]);
            using var device = new DeviceCredential(DeviceKey.Import(key.ExportPrivateKey()), certificate.Encoded, time);
            var request = device.Sign("POST", "/v1/eid/issue", "{}"u8.ToArray());

            ServiceProvider Build()
            {
                var services = new ServiceCollection();
                services.AddSingleton<TimeProvider>(time);
                services.AddEIdRisk(o =>
                {
                    o.Storage.SqlitePath = path;
                    o.TrustedAuthorityKeys.Add(authority.PublicKey.ToArray());
                    o.PseudonymKey = new byte[32];
                });
                return services.BuildServiceProvider();
            }

            await using (var provider = Build())
            {
                Assert.Equal(EId.Storage.StorageBackend.Sqlite, provider.GetRequiredService<IOptions<RiskOptions>>().Value.Storage.Backend);
                await provider.GetRequiredService<IDeviceRegistry>().EnrollAsync(certificate.ToDeviceRecord(), TestContext.Current.CancellationToken);
                Assert.True((await provider.GetRequiredService<ISecurityGateway>().CheckAsync(new GatewayRequest(request, "issue-eid"), TestContext.Current.CancellationToken)).IsAllowed);
            }

            await using (var restarted = Build())
            {
                var replay = await restarted.GetRequiredService<ISecurityGateway>().CheckAsync(new GatewayRequest(request, "issue-eid"), TestContext.Current.CancellationToken);
                Assert.Equal(RiskReasonCode.NonceReplayed, Assert.Single(replay.Reasons).Code);
                Assert.Single(await restarted.GetRequiredService<IRiskStore>().QueryAsync(new RiskEventQuery { DeviceId = "kiosk-1" }, TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Missing_authority_key_fails_validation()
    {
        var services = new ServiceCollection();
        services.AddEIdRisk(o => o.PseudonymKey = new byte[32]);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RiskOptions>>().Value);
        Assert.Contains("TrustedAuthorityKeys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Watchlist_gallery_is_taken_from_the_keyed_registration()
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton<IFaceGallery>(FaceWatchlistPolicy.GalleryServiceKey, (_, _) => throw new InvalidOperationException("resolved"));
        services.AddEIdRisk(o =>
        {
            o.Storage.Backend = EId.Storage.StorageBackend.InMemory;
            o.TrustedAuthorityKeys.Add(new byte[32]);
            o.PseudonymKey = new byte[32];
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetServices<IRiskPolicy>().ToList());
        Assert.Equal("resolved", error.Message);
    }
}
