using EId.Postal.Analytics.Export;
using EId.Postal.Ledger;
using EId.Postal.Outcomes;
using EId.Postal.Storage;
using EId.Postal.Waybills;
using EId.Privacy;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EId.Postal.Analytics.Tests;

/// <summary>One generated parcel decision: indices into the small tables below, so random sets hit shared groups.</summary>
/// <param name="Day">Day index (0–2).</param>
/// <param name="Minute">Minute of the day.</param>
/// <param name="Origin">Origin region index.</param>
/// <param name="Destination">Destination region index.</param>
/// <param name="Kind">Outcome.</param>
/// <param name="Sender">Sender index.</param>
/// <param name="Grams">Weight.</param>
internal sealed record Decision(int Day, int Minute, int Origin, int Destination, IntakeOutcomeKind Kind, int Sender, int Grams)
{
    public static readonly DateOnly FirstDay = new(2026, 11, 2);

    public static readonly string[] Regions = ["110105", "310115", "440305", "330106"];

    public DateOnly Date => FirstDay.AddDays(Day);

    public DateTimeOffset At => new DateTimeOffset(Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMinutes(Minute);

    public string OriginRegion => Regions[Origin];

    public string DestinationRegion => Regions[Destination];

    /// <summary>Maps raw generated numbers onto a decision.</summary>
    public static Decision From(byte day, ushort minute, byte origin, byte destination, byte kind, byte sender, ushort grams) =>
        new(day % 3, minute % 1440, origin % Regions.Length, destination % Regions.Length, (IntakeOutcomeKind)(1 + (kind % 3)), sender % 5, 1 + grams);
}

/// <summary>
/// A real SQLite ledger (real Ed25519 and ChaCha20-Poly1305 keys) and outcome store in a temporary folder, filled with
/// decisions, and an export folder beside them.
/// </summary>
internal sealed class FactsWorld : IAsyncDisposable
{
    public static readonly byte[] LedgerTokenKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    public static readonly byte[] ExportKey = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private readonly LedgerKeys _keys;

    private FactsWorld(string folder)
    {
        Folder = folder;
        var (signing, kek) = LedgerKeys.GenerateRaw();
        _keys = LedgerKeys.Create(signing, kek);
        Store = new SqliteLedgerStore(LedgerPath);
        Outcomes = new SqliteIntakeOutcomeStore(LedgerPath);
        Ledger = new ParcelLedger(Store, _keys, Options.Create(new PostalOptions { CheckpointInterval = 1000, CheckpointPeriod = Timeout.InfiniteTimeSpan }), TimeProvider.System);
    }

    public string Folder { get; }

    public string LedgerPath => Path.Combine(Folder, "ledger.db");

    public string FactsDirectory => Path.Combine(Folder, "facts");

    public SqliteLedgerStore Store { get; }

    public SqliteIntakeOutcomeStore Outcomes { get; }

    public ParcelLedger Ledger { get; }

    private long _next;

    public static async Task<FactsWorld> CreateAsync()
    {
        var world = new FactsWorld(Path.Combine(Path.GetTempPath(), "eid-analytics-" + Guid.NewGuid().ToString("N")[..10]));
        Directory.CreateDirectory(world.Folder);
        await world.Ledger.EnsureInitializedAsync();
        await world.Outcomes.InitializeAsync();
        return world;
    }

    public static SenderPii Pii(int sender) => new($"1101051990030{7000 + sender:0000}X"[..18], sender % 2 == 0 ? "欧阳明珠" : "Zhang Wei", $"139{sender:00000000}");

    public static string LedgerTokenOf(int sender)
    {
        using var tokens = new SubjectPseudonym(LedgerTokenKey);
        return tokens.Of(Pii(sender).IdNumber);
    }

    /// <summary>Appends accepted decisions to the ledger (one batch) and refusals to the outcome store.</summary>
    public async Task AddAsync(IEnumerable<Decision> decisions)
    {
        var accepted = new List<ParcelRecord>();
        foreach (var d in decisions)
        {
            if (d.Kind == IntakeOutcomeKind.Accepted)
            {
                accepted.Add(Parcel(d, ++_next));
            }
            else
            {
                await Outcomes.AppendAsync(new IntakeOutcome
                {
                    Hour = IntakeOutcome.HourOf(d.At),
                    Kind = d.Kind,
                    OriginRegion = d.OriginRegion,
                    DestinationRegion = d.DestinationRegion,
                    ItemCategory = d.Kind == IntakeOutcomeKind.ProhibitedItem ? "EXPLOSIVE" : "DOC",
                    WeightGrams = d.Grams,
                    Verdict = d.Kind == IntakeOutcomeKind.IdentityFailure ? SenderVerdict.FaceMismatch : null,
                    Method = "id-card",
                });
            }
        }

        if (accepted.Count > 0)
        {
            var appended = await Ledger.TryAppendBatchAsync(accepted);
            Assert.True(appended.IsSuccess, appended.Error?.ToString());
        }
    }

    public ParcelFactExporter Exporter(byte[]? key = null, int rowGroupSize = 1000, int pageSize = 100) =>
        new(Store, Outcomes, Options.Create(new PostalAnalyticsOptions { FactsDirectory = FactsDirectory, ExportTokenKey = key ?? ExportKey, RowGroupSize = rowGroupSize, LedgerPageSize = pageSize }));

    public async ValueTask DisposeAsync()
    {
        Ledger.Dispose();
        await Store.DisposeAsync();
        await Outcomes.DisposeAsync();
        _keys.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    private static ParcelRecord Parcel(Decision d, long n)
    {
        var pii = Pii(d.Sender);
        return new ParcelRecord
        {
            WaybillNumber = WaybillNumber.Create("EI", n).Value,
            SenderToken = LedgerTokenOf(d.Sender),
            SenderNameMasked = PiiMask.Name(pii.FullName),
            SenderPhoneMasked = PiiMask.Phone(pii.Phone),
            ItemCategory = "DOC",
            ItemDescription = $"letters for {pii.FullName}",
            WeightGrams = d.Grams,
            OriginRegion = d.OriginRegion,
            DestinationRegion = d.DestinationRegion,
            CourierId = "courier-7",
            DeviceId = "handheld-42",
            Verification = new SenderVerification(SenderVerdict.Verified, 0.8f, 0.9f, d.At) { VerifierId = "ids-1", Method = "id-card" },
            AcceptedAt = d.At,
            SenderPii = pii,
        };
    }
}
