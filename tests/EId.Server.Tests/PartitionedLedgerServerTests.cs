using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EId.Demo;
using EId.Documents;
using EId.Postal;
using EId.Postal.AspNetCore.Tokens;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Postal.Regulation;
using EId.Postal.Waybills;
using EId.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EId.Server.Tests;

/// <summary>
/// One EId.Server whose parcel ledger is the partitioned national ledger (<c>--EId:Postal:Storage:Backend=Postgres</c>,
/// <c>--EId:Postal:Streams=4</c>) in a PostgreSQL database of its own (<c>EID_TEST_POSTGRES</c>; skipped with a reason without one).
/// </summary>
public sealed class PartitionedLedgerServerFixture : IAsyncLifetime
{
    /// <summary>The number of streams the server runs with.</summary>
    public const int Streams = 4;

    /// <summary>The ledger's schema.</summary>
    public const string Schema = "eid_postal_national";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eid-partwire-" + Guid.NewGuid().ToString("N")[..8]);
    private ThrowawayDatabase? _database;

    public DemoWorkspace Workspace { get; private set; } = null!;

    public DemoKeys Keys { get; private set; } = null!;

    public WebApplication? App { get; private set; }

    public Uri Address { get; private set; } = null!;

    /// <summary>The connection string of the test's own database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await ThrowawayDatabase.CreateAsync("eid_partwire_", Ct);
        ConnectionString = _database.ConnectionString;
        Workspace = new DemoWorkspace(_folder);
        Workspace.CopySamplesFrom(Path.Combine(SharedData.RepoRoot, ".cache", "face-api"));
        Keys = DemoKeys.LoadOrCreate(Workspace.KeysFolder);
        (App, Address) = await ServerFixture.StartAsync(
            Workspace,
            "--EId:Server:ActiveLiveness=false",
            "--EId:Postal:Storage:Backend=Postgres",
            $"--EId:Postal:Storage:PostgresConnectionString={ConnectionString}",
            $"--EId:Postal:Storage:PostgresSchema={Schema}",
            $"--EId:Postal:Streams={Streams}");
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Keys?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the temp folder is left for the OS to clean.
        }
    }
}

/// <summary>
/// The postal server on the partitioned ledger: parcels handed in over the real HTTP intake land in the stream that owns their
/// waybill with a receipt signed for that stream, and the regulator API traces, searches and verifies across all streams.
/// </summary>
public sealed class PartitionedLedgerServerTests(PartitionedLedgerServerFixture server) : IClassFixture<PartitionedLedgerServerFixture>
{
    private static long _serial = Random.Shared.NextInt64(1_000_000, 9_000_000_000);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PartitionedParcelLedger Ledger => server.App!.Services.GetRequiredService<PartitionedParcelLedger>();

    [Fact]
    public async Task Parcels_handed_in_over_http_land_in_every_stream_with_verifiable_receipts_and_the_regulator_finds_them_all()
    {
        Assert.Same(Ledger, server.App!.Services.GetRequiredService<IParcelLedgerSet>());
        var parcels = ParcelsCoveringEveryStream(perStream: 2);
        using var http = Devices.Client(server.Address, server.Keys.Courier);
        var handheld = Handheld(http);
        var publicKey = server.App.Services.GetRequiredService<LedgerKeys>().SigningPublicKey!;
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        foreach (var parcel in parcels)
        {
            var result = (await handheld.SendWithCardAsync(parcel, null, Ct)).GetValueOrThrow();
            Assert.True(result.Status == IntakeStatus.Accepted, $"{result.Status}: {string.Join(", ", result.Reasons)}");
            var stream = Ledger.Router.StreamOf(parcel.WaybillNumber);

            // Signed by the server, for the stream that owns the waybill, and proving that stream's stored entry.
            Assert.NotNull(result.Receipt);
            Assert.Equal($"{Ledger.LedgerId}:{stream}", result.Receipt.LedgerId);
            Assert.Null(result.Receipt.CheckSignature(LedgerKeys.VerifyOnly([publicKey])));
            Assert.True((await Ledger.Stream(stream).VerifyReceiptAsync(result.Receipt, Ct)).IsValid);
            Assert.NotNull(await Ledger.Stream(stream).FindPublicAsync(parcel.WaybillNumber, Ct));
            Assert.Null(await Ledger.Stream((stream + 1) % PartitionedLedgerServerFixture.Streams).FindPublicAsync(parcel.WaybillNumber, Ct));
        }

        var heads = await Ledger.Store.ReadStreamHeadsAsync(Ct);
        Assert.Equal(PartitionedLedgerServerFixture.Streams, heads.Count);
        Assert.All(heads, h => Assert.True(h.Length >= 2, $"stream {h.StreamId} holds {h.Length} entries"));

        using var regulator = RegulatorClient();
        foreach (var parcel in parcels)
        {
            using var trace = JsonDocument.Parse(await regulator.GetStringAsync($"parcels/{parcel.WaybillNumber}", Ct));
            Assert.Equal(parcel.WaybillNumber, trace.RootElement.GetProperty("waybillNumber").GetString());
        }

        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        using var region = JsonDocument.Parse(await regulator.GetStringAsync($"regions/110100/parcels?from={Uri.EscapeDataString(before.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&pageSize=200", Ct));
        var listed = region.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("waybillNumber").GetString()!).ToList();
        Assert.Subset(listed.ToHashSet(), parcels.Select(p => p.WaybillNumber).ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());

        // A tree head over all streams, then the status: every stream verified, the tree head reported.
        var treeHead = await Ledger.PublishTreeHeadAsync(Ct);
        using var status = JsonDocument.Parse(await regulator.GetStringAsync("ledger", Ct));
        var root = status.RootElement;
        Assert.True(root.GetProperty("intact").GetBoolean(), root.ToString());
        Assert.Equal(PartitionedLedgerServerFixture.Streams, root.GetProperty("streams").GetInt32());
        Assert.Equal(heads.Sum(h => h.Length), root.GetProperty("entries").GetInt64());
        Assert.True(root.GetProperty("latestTreeHead").GetProperty("treeSize").GetInt64() >= treeHead.TreeSize);
        Assert.Equal(PartitionedLedgerServerFixture.Streams, root.GetProperty("latestTreeHead").GetProperty("streamCount").GetInt32());

        // Every query above is in the one audit log (stream 0's), whichever stream answered it.
        using var audit = JsonDocument.Parse(await regulator.GetStringAsync($"audit?from={Uri.EscapeDataString(before.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&pageSize=200", Ct));
        var queries = audit.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("query").GetString()).ToList();
        Assert.True(queries.Count(q => q == "trace") >= parcels.Count, string.Join(",", queries));
        Assert.Contains("region", queries);
    }

    [Fact]
    public async Task A_tampered_row_in_one_stream_is_reported_by_the_ledger_status_naming_that_stream()
    {
        var parcels = ParcelsCoveringEveryStream(perStream: 1);
        using var http = Devices.Client(server.Address, server.Keys.Courier);
        var handheld = Handheld(http);
        foreach (var parcel in parcels)
        {
            Assert.Equal(IntakeStatus.Accepted, (await handheld.SendWithCardAsync(parcel, null, Ct)).GetValueOrThrow().Status);
        }

        var victim = Ledger.Router.StreamOf(parcels[^1].WaybillNumber);
        var flip = $"UPDATE {PartitionedLedgerServerFixture.Schema}.entries SET entry_hash = set_byte(entry_hash, 0, get_byte(entry_hash, 0) # 1) WHERE stream = {victim} AND waybill = '{parcels[^1].WaybillNumber}'";
        using var regulator = RegulatorClient();
        Assert.Equal(1, await ExecuteAsync(flip));
        try
        {
            using var status = JsonDocument.Parse(await regulator.GetStringAsync("ledger", Ct));
            var root = status.RootElement;
            Assert.False(root.GetProperty("intact").GetBoolean(), root.ToString());
            Assert.StartsWith($"Stream {victim}:", root.GetProperty("problem").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            // Flipping the same bit again restores the row for the other test of this class.
            Assert.Equal(1, await ExecuteAsync(flip));
        }

        using var repaired = JsonDocument.Parse(await regulator.GetStringAsync("ledger", Ct));
        Assert.True(repaired.RootElement.GetProperty("intact").GetBoolean());
    }

    private async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(Ct);
    }

    // Waybills picked so that each stream receives perStream of them, whatever the router's hash does.
    private List<ParcelDetails> ParcelsCoveringEveryStream(int perStream)
    {
        var chosen = new List<ParcelDetails>();
        var counts = new int[PartitionedLedgerServerFixture.Streams];
        while (counts.Any(c => c < perStream))
        {
            var parcel = Parcel();
            var stream = Ledger.Router.StreamOf(parcel.WaybillNumber);
            if (counts[stream] < perStream)
            {
                counts[stream]++;
                chosen.Add(parcel);
            }
        }

        return chosen;
    }

    private HttpClient RegulatorClient()
    {
        var key = RegulatorDevelopmentTokens.LoadOrCreateKey(Path.Combine(server.Workspace.Folder, "regulator"));
        var now = DateTimeOffset.UtcNow;
        var roles = RegulatorRoles.Trace | RegulatorRoles.SenderSearch | RegulatorRoles.RegionSearch | RegulatorRoles.Audit;
        var token = RegulatorDevelopmentTokens.Mint(key, "eid-regulator-dev", "eid-regulator-api", "officer-partwire", roles, now.AddMinutes(-1), now.AddMinutes(10));
        var client = new HttpClient { BaseAddress = new Uri(server.Address, "regulator/v1/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private CourierHandheld Handheld(HttpClient http)
    {
        var reader = server.Workspace.AddCardReader(new ServiceCollection(), 1).BuildServiceProvider().GetRequiredService<IDocumentReader>();
        return new CourierHandheld(reader, new FileCamera(server.Workspace.LiveFrames()), new HttpIntakeChannel(http), "courier-7", DemoKeys.CourierDeviceId);
    }

    private static ParcelDetails Parcel() => new()
    {
        WaybillNumber = WaybillNumber.Create("EI", Interlocked.Increment(ref _serial)).Value,
        ItemCategory = "DOC",
        ItemDescription = "contract papers",
        WeightGrams = 350,
        OriginRegion = "110105",
        DestinationRegion = "310104",
    };
}
