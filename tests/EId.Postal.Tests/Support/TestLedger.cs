using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using EId.Postal.Waybills;
using EId.Privacy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EId.Postal.Tests.Support;

/// <summary>Builds ledgers with fresh real keys over a given store, and sample parcels.</summary>
internal static class TestLedger
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static (byte[] Signing, byte[] Kek) RawKeys { get; } = LedgerKeys.GenerateRaw();

    public static LedgerKeys Keys() => LedgerKeys.Create(RawKeys.Signing, RawKeys.Kek);

    public static ParcelLedger Create(ILedgerStore store, LedgerKeys keys, int checkpointInterval = 4, TimeProvider? time = null) =>
        new(store, keys, Options.Create(new PostalOptions { CheckpointInterval = checkpointInterval }), time ?? new FakeTimeProvider(Start));

    public static SenderPii Pii(long n) => new($"11010519900307{n % 10000:0000}", n % 2 == 0 ? "张三丰" : "李四", $"1381234{n % 10000:0000}");

    /// <summary>A valid parcel number <paramref name="n"/>; sender <c>n % senders</c>; origin alternates Beijing/Shanghai.</summary>
    public static ParcelRecord Parcel(long n, int senders = 3, DateTimeOffset? acceptedAt = null, bool withPii = true)
    {
        var pii = Pii(n % senders);
        using var tokens = new SubjectPseudonym(new byte[32]);
        return new ParcelRecord
        {
            WaybillNumber = WaybillNumber.Create("EI", n).Value,
            SenderToken = tokens.Of(pii.IdNumber),
            SenderNameMasked = PiiMask.Name(pii.FullName),
            SenderPhoneMasked = PiiMask.Phone(pii.Phone),
            ItemCategory = "DOC",
            ItemDescription = $"documents #{n}",
            WeightGrams = 100 + (int)(n % 5000),
            OriginRegion = n % 2 == 0 ? "110105" : "310115",
            DestinationRegion = n % 3 == 0 ? "440305" : "330106",
            CourierId = "courier-7",
            DeviceId = "handheld-42",
            Verification = new SenderVerification(SenderVerdict.Verified, 0.71f, 0.93f, Start) { VerifierId = "ids-1", Method = "id-card" },
            AcceptedAt = acceptedAt ?? Start.AddMinutes(n),
            SenderPii = withPii ? pii : null,
        };
    }

    public static string TokenOf(long n, int senders = 3)
    {
        using var tokens = new SubjectPseudonym(new byte[32]);
        return tokens.Of(Pii(n % senders).IdNumber);
    }
}
