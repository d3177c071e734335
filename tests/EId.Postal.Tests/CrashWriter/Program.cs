// Crash-safety helper: appends batches of parcels to a SQLite ledger forever and prints
// "ACK <last sequence> <last waybill>" after each batch is committed. The test kills it mid-batch.
// Usage: EId.Postal.CrashWriter <db path> <signing key hex> <kek hex> <batch size> <checkpoint interval>
using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using EId.Postal.Waybills;
using Microsoft.Extensions.Options;

var path = args[0];
using var keys = LedgerKeys.Create(Convert.FromHexString(args[1]), Convert.FromHexString(args[2]));
var batchSize = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
var options = Options.Create(new PostalOptions { CheckpointInterval = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) });
await using var store = new SqliteLedgerStore(path, fullSync: true);
using var ledger = new ParcelLedger(store, keys, options, TimeProvider.System);
await ledger.EnsureInitializedAsync();
var serial = (await store.GetHeadAsync()).LastSequence;
var start = DateTimeOffset.UtcNow;
while (true)
{
    var batch = new List<ParcelRecord>(batchSize);
    for (var i = 0; i < batchSize; i++)
    {
        serial++;
        batch.Add(new ParcelRecord
        {
            WaybillNumber = WaybillNumber.Create("CW", serial).Value,
            SenderToken = $"token-{serial % 97}",
            SenderNameMasked = "张*",
            SenderPhoneMasked = "138****5678",
            ItemCategory = "DOC",
            ItemDescription = "crash test",
            WeightGrams = 100 + (int)(serial % 900),
            OriginRegion = "110105",
            DestinationRegion = "310115",
            CourierId = "courier-1",
            DeviceId = "handheld-1",
            Verification = new SenderVerification(SenderVerdict.Verified, 0.8f, 0.9f, start) { Method = "id-card" },
            AcceptedAt = start.AddMilliseconds(serial),
            SenderPii = new SenderPii($"11010519900307{serial % 10000:0000}", "张三", "13812345678"),
        });
    }

    var result = await ledger.TryAppendBatchAsync(batch);
    if (!result.IsSuccess)
    {
        Console.Error.WriteLine(result.Error);
        return 1;
    }

    Console.Out.WriteLine($"ACK {result.Value[^1].Sequence} {batch[^1].WaybillNumber}");
    Console.Out.Flush();
}
