using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using EId.Postal.Waybills;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EId.Cli.Tests.Commands;

/// <summary><c>eid ledger verify --receipt</c> against a real SQLite ledger with real Ed25519 receipts.</summary>
public sealed class LedgerReceiptCommandTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eid-cli-receipt-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<string> _receipts = [];
    private string _publicKey = string.Empty;

    private string Db => Path.Combine(_folder, "ledger.db");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var (signing, kek) = LedgerKeys.GenerateRaw();
        using var keys = LedgerKeys.Create(signing, kek);
        _publicKey = Convert.ToHexStringLower(keys.SigningPublicKey!);
        var store = new SqliteLedgerStore(Db);
        await using (store)
        {
            // Count checkpoints far away and no time checkpoints: only the receipts can see the tail go.
            var options = Options.Create(new PostalOptions { CheckpointInterval = 1000, CheckpointPeriod = Timeout.InfiniteTimeSpan });
            using var ledger = new ParcelLedger(store, keys, options, TimeProvider.System);
            for (var i = 1; i <= 3; i++)
            {
                var receipt = ledger.SignReceipt(await ledger.AppendAsync(Parcel(i), TestContext.Current.CancellationToken));
                var file = Path.Combine(_folder, $"receipt-{i}.json");
                await File.WriteAllTextAsync(file, receipt.ToJson(), TestContext.Current.CancellationToken);
                _receipts.Add(file);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_receipt_verifies_while_its_entry_is_there_and_exits_1_once_the_newest_entries_are_deleted()
    {
        var (before, beforeOut, _) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--public-key", _publicKey, "--receipt", _receipts[2]);
        await DeleteFromAsync(2);

        var (chainOnly, _, _) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--public-key", _publicKey);
        var (after, afterOut, _) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--public-key", _publicKey, "--receipt", _receipts[2]);
        var (kept, _, _) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--public-key", _publicKey, "--receipt", _receipts[0]);

        Assert.Equal(0, before);
        Assert.Contains("OK  receipt for entry 3", beforeOut, StringComparison.Ordinal);
        Assert.Equal(0, chainOnly); // the truncated chain is self-consistent: that is why the receipt matters
        Assert.Equal(1, after);
        Assert.Contains("BAD receipt for entry 3: EntryMissing", afterOut, StringComparison.Ordinal);
        Assert.Equal(0, kept);
    }

    [Fact]
    public async Task A_forged_or_foreign_receipt_exits_1_with_the_reason()
    {
        var forged = Path.Combine(_folder, "forged.json");
        await File.WriteAllTextAsync(forged, (await File.ReadAllTextAsync(_receipts[1], TestContext.Current.CancellationToken)).Replace("\"sequence\":2", "\"sequence\":1", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var (code, output, _) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--public-key", _publicKey, "--receipt", forged);
        var (untrusted, untrustedOut, _) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--public-key", new string('a', 64), "--receipt", _receipts[1]);
        var (foreign, foreignOut, _) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--receipt", _receipts[1], "--ledger-id", "another-ledger");

        Assert.Equal(1, code);
        Assert.Contains("BadSignature", output, StringComparison.Ordinal);
        Assert.Equal(1, untrusted);
        Assert.Contains("UntrustedKey", untrustedOut, StringComparison.Ordinal);
        Assert.Equal(1, foreign);
        Assert.Contains("WrongLedger", foreignOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_receipt_exits_1_and_a_missing_one_exits_3()
    {
        var garbage = Path.Combine(_folder, "garbage.json");
        await File.WriteAllTextAsync(garbage, "{\"hello\":1}", TestContext.Current.CancellationToken);

        var (code, output, _) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--receipt", garbage);
        var (missing, _, error) = await CliHarness.RunAsync("ledger", "verify", "--db", Db, "--receipt", Path.Combine(_folder, "nope.json"));

        Assert.Equal(1, code);
        Assert.Contains("not a signed ledger receipt", output, StringComparison.Ordinal);
        Assert.Equal(3, missing);
        Assert.Contains("No receipt file", error, StringComparison.Ordinal);
    }

    private async Task DeleteFromAsync(long sequence)
    {
        var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await using (connection)
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM data_keys WHERE seq > $seq; DELETE FROM entries WHERE seq > $seq;";
            command.Parameters.AddWithValue("$seq", sequence);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }

    private static ParcelRecord Parcel(long n) => new()
    {
        WaybillNumber = WaybillNumber.Create("EI", n).Value,
        SenderToken = "token-" + n,
        SenderNameMasked = "张*",
        ItemCategory = "DOC",
        WeightGrams = 100,
        OriginRegion = "110105",
        DestinationRegion = "310115",
        CourierId = "courier-7",
        DeviceId = "handheld-42",
        Verification = new SenderVerification(SenderVerdict.Verified, 0.7f, 0.9f, DateTimeOffset.UnixEpoch.AddYears(56)),
        AcceptedAt = DateTimeOffset.UnixEpoch.AddYears(56).AddMinutes(n),
    };
}
