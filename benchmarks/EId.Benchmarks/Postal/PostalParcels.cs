using EId.Postal;
using EId.Postal.Waybills;
using EId.Privacy;

namespace EId.Benchmarks.Postal;

/// <summary>
/// Realistic parcels for the ledger benchmarks: 10,000 distinct senders, personal data on every record.
/// Each sender's personal data, pseudonym and masked fields are built once and reused, so the append
/// benchmark times the ledger rather than the test data (an HMAC per parcel for the pseudonym).
/// </summary>
internal static class PostalParcels
{
    public const int SenderCount = 10_000;
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Regions = ["110105", "310115", "440305", "330106", "510107", "420106"];
    private static readonly SubjectPseudonym Tokens = new(new byte[32]);
    private static readonly Sender?[] Senders = new Sender?[SenderCount];

    public static string IdNumberOf(long sender) => $"1101051990{sender % 100_000_000:00000000}";

    public static string TokenOf(long sender) => SenderOf(sender).Token;

    public static ParcelRecord Parcel(long serial, string carrier = "BM")
    {
        var sender = SenderOf(serial % SenderCount);
        return new ParcelRecord
        {
            WaybillNumber = WaybillNumber.Create(carrier, serial).Value,
            SenderToken = sender.Token,
            SenderNameMasked = sender.NameMasked,
            SenderPhoneMasked = sender.PhoneMasked,
            ItemCategory = "DOC",
            ItemDescription = "documents",
            WeightGrams = 100 + (int)(serial % 5000),
            OriginRegion = Regions[serial % Regions.Length],
            DestinationRegion = Regions[(serial / 7) % Regions.Length],
            CourierId = "courier-7",
            DeviceId = "handheld-42",
            Verification = new SenderVerification(SenderVerdict.Verified, 0.71f, 0.93f, Start) { VerifierId = "ids-1", Method = "id-card" },
            AcceptedAt = Start.AddSeconds(serial),
            SenderPii = sender.Pii,
        };
    }

    // Benchmarks run on one thread; a racing duplicate would only build an equal sender twice.
    private static Sender SenderOf(long sender) => Senders[sender] ??= NewSender(sender);

    private static Sender NewSender(long sender)
    {
        var pii = new SenderPii(IdNumberOf(sender), sender % 2 == 0 ? "张三丰" : "李四", $"138{sender % 100_000_000:00000000}");
        return new Sender(pii, Tokens.Of(pii.IdNumber), PiiMask.Name(pii.FullName), PiiMask.Phone(pii.Phone));
    }

    private sealed record Sender(SenderPii Pii, string Token, string NameMasked, string? PhoneMasked);
}
