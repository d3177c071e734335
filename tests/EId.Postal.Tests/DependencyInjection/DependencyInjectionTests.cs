using EId.Credentials;
using EId.Faces;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using EId.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EId.Postal.Tests.DependencyInjection;

public sealed class DependencyInjectionTests
{
    private static ServiceCollection Services(Action<PostalOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IIdentityRegistry, TableRegistry>();
        services.AddSingleton<IFaceVerifier, MarkerFaceVerifier>();
        services.AddSingleton<ILivenessCheck, MarkerLiveness>();
        services.AddSingleton<ICredentialVerifier, TableCredentialVerifier>();
        services.AddEIdPostal(configure);
        return services;
    }

    [Fact]
    public async Task AddEIdPostal_wires_a_working_sqlite_postal_server()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eid-postal-di-{Guid.NewGuid():N}.db");
        var (signing, kek) = LedgerKeys.GenerateRaw();
        await using (var provider = Services(o =>
        {
            o.Storage.SqlitePath = path;
            o.CheckpointSigningKey = signing;
            o.KeyEncryptionKey = kek;
            o.SenderTokenKey = new byte[32];
        }).BuildServiceProvider(validateScopes: true))
        {
            Assert.IsType<SqliteLedgerStore>(provider.GetRequiredService<ILedgerStore>());
            Assert.Same(provider.GetRequiredService<ParcelLedger>(), provider.GetRequiredService<IParcelLedger>());
            Assert.NotNull(provider.GetRequiredService<RegulatorQueries>());
            Assert.IsType<InProcessIntakeChannel>(provider.GetRequiredService<IIntakeChannel>());
            var ledger = provider.GetRequiredService<IParcelLedger>();
            var receipt = await ledger.AppendAsync(TestLedger.Parcel(1), TestContext.Current.CancellationToken);
            Assert.Equal(1, receipt.Sequence);
            Assert.True((await ledger.VerifyChainAsync(TestContext.Current.CancellationToken)).IsIntact);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }

    [Fact]
    public void Missing_or_short_keys_fail_validation_at_startup()
    {
        using var provider = Services(o => o.KeyEncryptionKey = new byte[16]).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostalOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("CheckpointSigningKey", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("KeyEncryptionKey", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("SenderTokenKey", StringComparison.Ordinal));
    }
}
