using EId.Postal.Ledger;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EId.Postal.Tests.Partitioning;

/// <summary><c>AddEIdPostalPartitionedLedger</c>: validated options and a working national ledger on PostgreSQL.</summary>
public sealed class PartitionedLedgerRegistrationTests
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");

    private static ServiceCollection Services(Action<PartitionedLedgerOptions> configure)
    {
        var (signing, kek) = LedgerKeys.GenerateRaw();
        var services = new ServiceCollection();
        services.AddEIdPostal(o =>
        {
            o.CheckpointSigningKey = signing;
            o.KeyEncryptionKey = kek;
            o.SenderTokenKey = new byte[32];
            o.LedgerId = "eid-national-di";
        });
        services.AddEIdPostalPartitionedLedger(configure);
        return services;
    }

    [Fact]
    public void Bad_options_fail_at_start_up_with_every_problem()
    {
        using var provider = Services(o => { o.Streams = 0; o.Schema = "Bad-Schema"; }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PartitionedLedgerOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Schema", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Streams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_registered_ledger_appends_publishes_and_verifies()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(ConnectionString), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a server).");
        var schema = $"eid_national_d{Guid.NewGuid():N}"[..36];
        var ct = TestContext.Current.CancellationToken;
        await using var provider = Services(o => { o.ConnectionString = ConnectionString!; o.Streams = 3; o.Schema = schema; }).BuildServiceProvider(validateScopes: true);
        var ledger = provider.GetRequiredService<PartitionedParcelLedger>();
        try
        {
            Assert.Equal(3, ledger.StreamCount);
            var receipt = await ledger.AppendAsync(TestLedger.Parcel(1), ct);
            Assert.Equal(1, receipt.Sequence);
            var head = await ledger.PublishTreeHeadAsync(ct);
            Assert.True(TreeHeadVerifier.VerifySignature(head, provider.GetRequiredService<LedgerKeys>()));
            Assert.Equal("eid-national-di", head.LedgerId);
            Assert.True((await ledger.VerifyChainAsync(ct)).IsIntact);
        }
        finally
        {
            await ledger.DisposeAsync();
            await provider.GetRequiredService<PartitionedPostgresLedgerStore>().DropSchemaAsync(ct);
        }
    }
}
