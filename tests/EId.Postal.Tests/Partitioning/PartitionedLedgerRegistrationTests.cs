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

    private static ServiceCollection PostalServices(Action<EIdPostalBuilder> storage, Action<PostalOptions>? configure = null)
    {
        var (signing, kek) = LedgerKeys.GenerateRaw();
        var services = new ServiceCollection();
        storage(services.AddEIdPostal(o =>
        {
            o.CheckpointSigningKey = signing;
            o.KeyEncryptionKey = kek;
            o.SenderTokenKey = new byte[32];
            configure?.Invoke(o);
        }));
        return services;
    }

    [Fact]
    public async Task UsePartitionedPostgres_puts_intake_and_regulator_queries_on_the_partitioned_ledger()
    {
        // Nothing connects until the ledger is used: the wiring is checked without a server.
        await using var provider = PostalServices(b => b.UsePartitionedPostgres("Host=127.0.0.1;Database=eid_unused", 4, "eid_postal_wired")).BuildServiceProvider();

        var set = provider.GetRequiredService<IParcelLedgerSet>();
        var ledger = Assert.IsType<PartitionedParcelLedger>(set);
        Assert.Same(ledger, provider.GetRequiredService<PartitionedParcelLedger>());
        Assert.Same(ledger, provider.GetRequiredService<IParcelLedger>());
        Assert.Equal(4, set.Streams.Count);
        Assert.Equal("eid_postal_wired", ledger.Store.Schema);
        Assert.Equal([.. Enumerable.Range(0, 4).Select(s => $"eid-postal:{s}")], set.Streams.Select(s => s.LedgerId));
        var waybill = TestLedger.Parcel(7).WaybillNumber;
        Assert.Same(ledger.Stream(ledger.Router.StreamOf(waybill)), set.ForWaybill(waybill));
    }

    [Fact]
    public async Task Without_streams_the_single_ledger_stays_the_set_of_one()
    {
        await using var provider = PostalServices(b => b.UseInMemory()).BuildServiceProvider();

        var set = provider.GetRequiredService<IParcelLedgerSet>();

        var single = Assert.IsType<ParcelLedger>(set);
        Assert.Same(single, provider.GetRequiredService<ParcelLedger>());
        Assert.Same(single, Assert.Single(set.Streams));
        Assert.Same(single, set.ForWaybill(TestLedger.Parcel(1).WaybillNumber));
        Assert.Null(await set.ReadLatestTreeHeadAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(0, "Postgres", "Streams must be 1")]
    [InlineData(StreamRouter.MaxStreams + 1, "Postgres", "Streams must be 1")]
    [InlineData(4, "Sqlite", "needs the Postgres storage backend")]
    [InlineData(4, "InMemory", "needs the Postgres storage backend")]
    public void Bad_stream_settings_fail_at_start_up(int streams, string backend, string problem)
    {
        using var provider = PostalServices(
            b =>
            {
                _ = backend switch
                {
                    "Postgres" => b.UsePostgres("Host=127.0.0.1;Database=eid_unused"),
                    "Sqlite" => b.UseSqlite("unused.db"),
                    _ => b.UseInMemory(),
                };
            },
            o => o.Streams = streams).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostalOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(problem, StringComparison.Ordinal));
    }
}
