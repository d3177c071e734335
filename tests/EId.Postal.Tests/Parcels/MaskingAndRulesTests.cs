using EId.Postal.Parcels;
using EId.Postal.Tests.Support;
using EId.Postal.Waybills;
using EId.Privacy;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Postal.Tests.Parcels;

public sealed class MaskingAndRulesTests
{
    private static readonly Gen<string> ChineseName = Gen.Choose(2, 4).SelectMany(n => Gen.ArrayOf(Gen.Choose(0x4E00, 0x9FA5).Select(c => (char)c), n)).Select(cs => new string(cs));
    private static readonly Gen<string> Digits18 = Gen.ArrayOf(Gen.Choose('0', '9').Select(c => (char)c), 18).Select(cs => new string(cs));
    private static readonly Gen<string> Phone = Gen.ArrayOf(Gen.Choose('0', '9').Select(c => (char)c), 11).Select(cs => "1" + new string(cs)[1..]);

    [Property]
    public Property A_masked_name_reveals_at_most_the_first_character_of_each_word(NonNull<string> name)
    {
        var masked = TextElements(PiiMask.Name(name.Get));
        var ok = true;
        var atWordStart = true;
        foreach (var element in masked)
        {
            if (IsSeparator(element))
            {
                atWordStart = true;
                continue;
            }

            ok &= atWordStart || element == "*";
            atWordStart = false;
        }

        return (ok && masked.Count == TextElements(name.Get).Count).ToProperty();
    }

    [Property]
    public Property Chinese_names_keep_only_the_family_name() =>
        Prop.ForAll(Arb.From(ChineseName), name => PiiMask.Name(name) == name[..1] + new string('*', name.Length - 1));

    [Property]
    public Property Id_numbers_and_phones_keep_at_most_eight_and_seven_digits() =>
        Prop.ForAll(Arb.From(Digits18.SelectMany(id => Phone.Select(phone => (id, phone)))), t =>
        {
            var id = PiiMask.IdNumber(t.id);
            var phone = PiiMask.Phone(t.phone);
            return id.Count(char.IsAsciiDigit) <= 8 && id[4..14] == new string('*', 10)
                && phone.Count(char.IsAsciiDigit) <= 7 && phone[3..7] == "****";
        });

    [Property(MaxTest = 50)]
    public Property The_text_waybill_never_shows_the_real_name_id_or_phone() =>
        Prop.ForAll(Arb.From(ChineseName.SelectMany(name => Digits18.SelectMany(id => Phone.Select(phone => (name, id, phone))))), t =>
        {
            var pii = new SenderPii(t.id, t.name, t.phone);
            var parcel = TestLedger.Parcel(1) with { SenderPii = pii, SenderNameMasked = PiiMask.Name(t.name), SenderPhoneMasked = PiiMask.Phone(t.phone) };
            var text = WaybillRenderer.RenderText(parcel);
            return !text.Contains(t.name, StringComparison.Ordinal) && !text.Contains(t.id, StringComparison.Ordinal)
                && !text.Contains(t.phone, StringComparison.Ordinal) && text.Contains(PiiMask.Name(t.name), StringComparison.Ordinal)
                && !text.Contains(t.id[..10], StringComparison.Ordinal);
        });

    [Fact]
    public void The_waybill_masks_even_an_unmasked_display_name()
    {
        var parcel = TestLedger.Parcel(1) with { SenderNameMasked = "王小明", SenderPhoneMasked = "13912345678", SenderPii = null };
        var text = WaybillRenderer.RenderText(parcel);
        Assert.Contains("王**", text, StringComparison.Ordinal);
        Assert.Contains("139****5678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("小明", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_whose_display_name_is_not_the_masked_name_is_refused()
    {
        var parcel = TestLedger.Parcel(1);
        Assert.Null(ParcelRules.Check(parcel));
        Assert.Equal(ParcelError.Unmasked, ParcelRules.Check(parcel with { SenderNameMasked = parcel.SenderPii!.FullName })?.Reason);
        Assert.Equal(ParcelError.Unmasked, ParcelRules.Check(parcel with { SenderPhoneMasked = parcel.SenderPii!.Phone })?.Reason);
    }

    [Theory]
    [InlineData("description", ParcelError.FieldTooLong)]
    [InlineData("courier", ParcelError.FieldTooLong)]
    [InlineData("control", ParcelError.BadField)]
    [InlineData("category", ParcelError.BadField)]
    [InlineData("weight", ParcelError.BadWeight)]
    [InlineData("heavy", ParcelError.BadWeight)]
    [InlineData("token", ParcelError.MissingField)]
    [InlineData("surrogate", ParcelError.BadField)]
    [InlineData("waybill", ParcelError.BadWaybill)]
    [InlineData("destination", ParcelError.BadRegion)]
    [InlineData("idnumber", ParcelError.FieldTooLong)]
    public void Bad_fields_give_typed_errors(string field, ParcelError expected)
    {
        var p = TestLedger.Parcel(1);
        var bad = field switch
        {
            "description" => p with { ItemDescription = new string('货', ParcelRules.MaxDescriptionLength + 1) },
            "courier" => p with { CourierId = new string('c', 65) },
            "control" => p with { DeviceId = "dev\u0000ice" },
            "category" => p with { ItemCategory = "doc" },
            "weight" => p with { WeightGrams = 0 },
            "heavy" => p with { WeightGrams = ParcelRules.MaxWeightGrams + 1 },
            "token" => p with { SenderToken = "" },
            "surrogate" => p with { ItemDescription = "bad \uD800 pair" },
            "waybill" => p with { WaybillNumber = "EI0000000001" },
            "destination" => p with { DestinationRegion = "44030" },
            _ => p with { SenderPii = p.SenderPii! with { IdNumber = new string('1', 129) } },
        };
        Assert.Equal(expected, ParcelRules.Check(bad)?.Reason);
    }

    [Property]
    public Property Random_details_are_accepted_or_refused_with_a_typed_error(string? waybill, string? category, string? description, int grams, string? origin) =>
        (ParcelRules.Check(new ParcelDetails { WaybillNumber = waybill!, ItemCategory = category!, ItemDescription = description, WeightGrams = grams, OriginRegion = origin!, DestinationRegion = "110000" }) is var f
            && (f is null || Enum.IsDefined(f.Reason))).ToProperty();

    private static List<string> TextElements(string text)
    {
        var list = new List<string>();
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            list.Add(e.GetTextElement());
        }

        return list;
    }

    private static bool IsSeparator(string element) => element.Length == 1 && (char.IsWhiteSpace(element[0]) || element[0] is '-' or '·' or '\'' or ',');
}
