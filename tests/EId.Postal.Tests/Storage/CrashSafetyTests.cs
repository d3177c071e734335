using System.Diagnostics;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using Microsoft.Data.Sqlite;

namespace EId.Postal.Tests.Storage;

/// <summary>
/// Kills a real writer process (the CrashWriter helper) while it appends batches to a SQLite
/// ledger, then proves that every batch it acknowledged is present, no half batch is, and the
/// chain verifies; a new writer then continues the same chain.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int BatchSize = 100;

    [Fact]
    public async Task Every_acknowledged_record_survives_a_kill_mid_batch_and_the_chain_verifies()
    {
        var directory = Directory.CreateTempSubdirectory("eid-postal-crash-").FullName;
        var path = Path.Combine(directory, "ledger.db");
        var acknowledged = new List<(long Sequence, string Waybill)>();
        try
        {
            for (var round = 0; round < 2; round++)
            {
                acknowledged.AddRange(await RunAndKillAsync(path, ackCountBeforeKill: 2 + round, delayMs: 7 * (round + 1)));
            }

            using var keys = TestLedger.Keys();
            await using var store = new SqliteLedgerStore(path);
            using var ledger = TestLedger.Create(store, keys, checkpointInterval: 64);
            var verification = await ledger.VerifyChainAsync(TestContext.Current.CancellationToken);
            var head = await store.GetHeadAsync(TestContext.Current.CancellationToken);

            Assert.True(verification.IsIntact, verification.Problem);
            Assert.True(acknowledged.Count >= 5);
            Assert.True(head.LastSequence >= acknowledged.Max(a => a.Sequence));
            Assert.Equal(0, head.LastSequence % BatchSize);
            foreach (var (sequence, waybill) in acknowledged)
            {
                var parcel = await ledger.FindAsync(waybill, TestContext.Current.CancellationToken);
                Assert.NotNull(parcel);
                Assert.NotNull(parcel.SenderPii);
                Assert.Equal(sequence, (await store.ReadEntriesAsync(sequence, 1, TestContext.Current.CancellationToken))[0].Sequence);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<(long, string)>> RunAndKillAsync(string path, int ackCountBeforeKill, int delayMs)
    {
        var helper = Path.Combine(AppContext.BaseDirectory, "EId.Postal.CrashWriter.dll");
        Assert.True(File.Exists(helper), $"{helper} was not built next to the tests.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { helper, path, Convert.ToHexString(TestLedger.RawKeys.Signing), Convert.ToHexString(TestLedger.RawKeys.Kek), BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "64" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var acks = new List<(long, string)>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(45));
        try
        {
            while (acks.Count < ackCountBeforeKill)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    Assert.Fail($"The writer exited early: {await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
                }

                var parts = line.Split(' ');
                Assert.Equal("ACK", parts[0]);
                acks.Add((long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]));
            }

            // The writer is now sealing or committing its next batch.
            await Task.Delay(delayMs, TestContext.Current.CancellationToken);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        return acks;
    }
}
