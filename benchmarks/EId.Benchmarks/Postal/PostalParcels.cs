using EId.Postal;
using EId.Postal.Waybills;
using EId.Privacy;

namespace EId.Benchmarks.Postal;

/// <summary>Realistic parcels for the ledger benchmarks: 10,000 distinct senders, personal data on every record.</summary>
internal static class PostalParcels
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Regions = ["110105", "310115", "440305", "330106", "510107", "420106"];
    private static readonly SubjectPseudonym Tokens = new(new byte[32]);

    public static string IdNumberOf(long sender) => $"1101051990{sender % 100_000_000:00000000}";

    public static string TokenOf(long sender) => Tokens.Of(IdNumberOf(sender));

    public static ParcelRecord Parcel(long serial, string carrier = "BM")
    {
        var sender = serial % 10_000;
        var pii = new SenderPii(IdNumberOf(sender), sender % 2 == 0 ? "张三丰" : "李四", $"138{sender % 100_000_000:00000000}");
        return new ParcelRecord
        {
            WaybillNumber = WaybillNumber.Create(carrier, serial).Value,
            SenderToken = TokenOf(sender),
            SenderNameMasked = PiiMask.Name(pii.FullName),
            SenderPhoneMasked = PiiMask.Phone(pii.Phone),
            ItemCategory = "DOC",
            ItemDescription = "documents",
            WeightGrams = 100 + (int)(serial % 5000),
            OriginRegion = Regions[serial % Regions.Length],
            DestinationRegion = Regions[(serial / 7) % Regions.Length],
            CourierId = "courier-7",
            DeviceId = "handheld-42",
            Verification = new SenderVerification(SenderVerdict.Verified, 0.71f, 0.93f, Start) { VerifierId = "ids-1", Method = "id-card" },
            AcceptedAt = Start.AddSeconds(serial),
            SenderPii = pii,
        };
    }
}
