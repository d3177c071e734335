using EId.Faces;
using EId.Documents;
using EId.Postal.Analytics.Statistics;
using EId.Postal.Courier;
using EId.Postal.Outcomes;
using EId.Postal.Parcels;
using EId.Postal.Regulation;
using EId.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Postal.Analytics.Tests;

/// <summary>ParcelIntake, wired by AddEIdPostal + AddEIdPostalAnalytics, counts its refusals in the outcome store of the ledger's SQLite file.</summary>
public sealed class IntakeHookTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 41, 7, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eid-analytics-di-" + Guid.NewGuid().ToString("N")[..8]);

    public IntakeHookTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Refusals_are_recorded_without_waybill_or_sender_and_the_DuckDB_statistics_replace_any_default()
    {
        await using var provider = Services(o => { }).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var intake = provider.GetRequiredService<ParcelIntake>();

        var prohibited = await intake.AcceptAsync(Request("SF12345678903", "EXPLOSIVE", document: false), TestContext.Current.CancellationToken);
        var noIdentity = await intake.AcceptAsync(Request("SF12345678911", "DOC", document: false), TestContext.Current.CancellationToken);
        var badFields = await intake.AcceptAsync(Request("bad", "DOC", document: false), TestContext.Current.CancellationToken);
        var recorded = new List<IntakeOutcome>();
        await foreach (var o in provider.GetRequiredService<IIntakeOutcomeStore>().ReadAsync(Now.AddDays(-1), Now.AddDays(1), TestContext.Current.CancellationToken))
        {
            recorded.Add(o);
        }

        Assert.Equal((IntakeStatus.ItemProhibited, IntakeStatus.SenderRejected, IntakeStatus.ParcelRejected), (prohibited.Status, noIdentity.Status, badFields.Status));
        Assert.Equal([IntakeOutcomeKind.ProhibitedItem, IntakeOutcomeKind.IdentityFailure], recorded.Select(o => o.Kind)); // bad fields are not a decision
        Assert.All(recorded, o => Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), o.Hour));
        Assert.Equal(SenderVerdict.DocumentRejected, recorded[1].Verdict);
        Assert.IsType<DuckDbParcelStatistics>(provider.GetRequiredService<IParcelStatistics>());
    }

    [Fact]
    public void Bad_options_fail_at_start_with_every_reason()
    {
        using var provider = Services(o =>
        {
            o.FactsDirectory = "relative/facts";
            o.ExportTokenKey = new byte[8];
            o.WeightBucketBounds = [500, 100];
        }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostalAnalyticsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("absolute", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ExportTokenKey", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ascending", StringComparison.Ordinal));
        Assert.Null(FactsPath.Check("/data/facts"));
        Assert.NotNull(FactsPath.Check("/data/fa*cts"));
        Assert.NotNull(FactsPath.Check("/data/f'acts"));
    }

    [Fact]
    public async Task A_failing_outcome_store_does_not_change_the_answer()
    {
        // The outcome database cannot be opened (its folder does not exist): intake still answers, and the same way.
        await using var provider = Services(o => o.OutcomeConnectionString = Path.Combine(_folder, "missing-dir", "outcomes.db")).BuildServiceProvider();
        var intake = provider.GetRequiredService<ParcelIntake>();

        var prohibited = await intake.AcceptAsync(Request("SF12345678903", "EXPLOSIVE", document: false), TestContext.Current.CancellationToken);
        var noIdentity = await intake.AcceptAsync(Request("SF12345678911", "DOC", document: false), TestContext.Current.CancellationToken);

        Assert.Equal((IntakeStatus.ItemProhibited, IntakeStatus.SenderRejected), (prohibited.Status, noIdentity.Status));
        Assert.False(Directory.Exists(Path.Combine(_folder, "missing-dir")));
        Assert.Null(IntakeOutcome.Of(Request("x", "DOC", document: false).Parcel, "eid-qr", new IntakeResult { Status = IntakeStatus.ParcelRejected, WaybillNumber = "x" }, Now));
    }

    private ServiceCollection Services(Action<PostalAnalyticsOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<IIdentityRegistry, UnusedRegistry>();
        services.AddSingleton<IFaceVerifier, UnusedFaceVerifier>();
        services.AddEIdPostal(o =>
        {
            o.Storage.SqlitePath = Path.Combine(_folder, "ledger.db");
            o.CheckpointSigningKey = [.. Enumerable.Repeat((byte)1, 32)];
            o.KeyEncryptionKey = [.. Enumerable.Repeat((byte)2, 32)];
            o.SenderTokenKey = [.. Enumerable.Repeat((byte)3, 32)];
            o.ProhibitedCategories.Add("EXPLOSIVE");
        });
        services.AddEIdPostalAnalytics(o =>
        {
            o.FactsDirectory = Path.Combine(_folder, "facts");
            o.ExportTokenKey = FactsWorld.ExportKey;
            configure(o);
        });
        return services;
    }

    private static SenderCheckRequest Request(string waybill, string category, bool document) => new()
    {
        Document = document ? throw new NotSupportedException() : null,
        LiveFace = new FaceCapture([new FaceFrame(new byte[] { 1, 2, 3 }, TimeSpan.Zero)]),
        Parcel = new ParcelDetails { WaybillNumber = waybill, ItemCategory = category, WeightGrams = 1200, OriginRegion = "110105", DestinationRegion = "310115" },
        CourierId = "courier-7",
        DeviceId = "handheld-42",
    };

    // The refusals under test are decided before the registry or the face model is asked: these fail the test if called.
    private sealed class UnusedRegistry : IIdentityRegistry
    {
        public ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupAsync(string idNumber, CancellationToken cancellationToken = default) => throw new InvalidOperationException("registry not expected");

        public ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceAsync(IssuanceRecord issuance, CancellationToken cancellationToken = default) => throw new InvalidOperationException("registry not expected");
    }

    private sealed class UnusedFaceVerifier : IFaceVerifier
    {
        public ValueTask<Result<FaceTemplate, FaceMatch>> EnrollAsync(DocumentPortrait portrait, CancellationToken cancellationToken = default) => throw new InvalidOperationException("faces not expected");

        public ValueTask<FaceMatch> VerifyAsync(FaceTemplate reference, FaceCapture live, CancellationToken cancellationToken = default) => throw new InvalidOperationException("faces not expected");

        public ValueTask<FaceMatch> VerifyAsync(DocumentPortrait reference, FaceCapture live, CancellationToken cancellationToken = default) => throw new InvalidOperationException("faces not expected");
    }
}
