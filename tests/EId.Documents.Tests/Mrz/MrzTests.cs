using EId.Documents;
using EId.Documents.Mrz;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Documents.Tests.Mrz;

public class MrzTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    // ICAO 9303 specimens (Utopia, "ERIKSSON ANNA MARIA"), typed in from parts 4, 5 and 6.
    private static readonly string[] Td3 =
    [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];

    private static readonly string[] Td1 =
    [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ];

    private static readonly string[] Td2 =
    [
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "D231458907UTO7408122F1204159<<<<<<<6",
    ];

    [Fact]
    public void Parses_the_TD3_specimen()
    {
        var mrz = MrzParser.Parse(Td3, Today).GetValueOrThrow();
        Assert.Equal(MrzFormat.Td3, mrz.Format);
        Assert.Equal("P", mrz.DocumentCode);
        Assert.Equal("UTO", mrz.IssuingState);
        Assert.Equal("L898902C3", mrz.DocumentNumber);
        Assert.Equal("UTO", mrz.Nationality);
        Assert.Equal(new DateOnly(1974, 8, 12), mrz.BirthDate);
        Assert.Equal(Gender.Female, mrz.Sex);
        Assert.Equal(new DateOnly(2012, 4, 15), mrz.ExpiryDate);
        Assert.Equal("ZE184226B", mrz.OptionalData);
        Assert.Equal("ERIKSSON", mrz.PrimaryIdentifier);
        Assert.Equal("ANNA MARIA", mrz.SecondaryIdentifier);

        var document = mrz.ToIdentityDocument();
        Assert.Equal(DocumentKind.Passport, document.Kind);
        Assert.Equal("ZE184226B", document.IdNumber);
        Assert.Equal("L898902C3", document.DocumentNumber);
        Assert.Equal("ERIKSSON ANNA MARIA", document.FullName);
        Assert.Equal("ANNA MARIA", document.GivenNames);
        Assert.Equal(new DateOnly(2012, 4, 15), document.ValidUntil);
    }

    [Fact]
    public void Parses_the_TD1_specimen()
    {
        var mrz = MrzParser.Parse(string.Join('\n', Td1), Today).GetValueOrThrow();
        Assert.Equal(MrzFormat.Td1, mrz.Format);
        Assert.Equal("I", mrz.DocumentCode);
        Assert.Equal("D23145890", mrz.DocumentNumber);
        Assert.Equal(new DateOnly(1974, 8, 12), mrz.BirthDate);
        Assert.Equal(new DateOnly(2012, 4, 15), mrz.ExpiryDate);
        Assert.Equal("ERIKSSON", mrz.PrimaryIdentifier);
        Assert.Equal("ANNA MARIA", mrz.SecondaryIdentifier);
        Assert.Equal(DocumentKind.IcaoTd1, mrz.ToIdentityDocument().Kind);
    }

    [Fact]
    public void Parses_the_TD2_specimen()
    {
        var mrz = MrzParser.Parse(Td2, Today).GetValueOrThrow();
        Assert.Equal(MrzFormat.Td2, mrz.Format);
        Assert.Equal("D23145890", mrz.DocumentNumber);
        Assert.Equal(Gender.Female, mrz.Sex);
        Assert.Equal("ANNA MARIA", mrz.SecondaryIdentifier);
        Assert.Equal(DocumentKind.IcaoTd2, mrz.ToIdentityDocument().Kind);
    }

    [Theory]
    [InlineData('7', 1, 9, "DocumentNumber")] // check digit '6' of the document number → '7'
    [InlineData('3', 1, 19, "BirthDate")]
    [InlineData('8', 1, 27, "ExpiryDate")]
    [InlineData('2', 1, 42, "PersonalNumber")]
    [InlineData('9', 1, 43, "Composite")]
    public void Each_TD3_check_digit_is_verified(char replacement, int line, int position, string field)
    {
        var lines = (string[])Td3.Clone();
        lines[line] = lines[line][..position] + replacement + lines[line][(position + 1)..];
        var result = MrzParser.Parse(lines, Today);
        Assert.False(result.IsSuccess);
        Assert.Equal(MrzError.BadCheckDigit, result.Error.Reason);
        Assert.StartsWith(field, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_TD1_check_digit_is_verified()
    {
        Assert.StartsWith("DocumentNumber", Corrupt(Td1, 0, 14, '8'), StringComparison.Ordinal);
        Assert.StartsWith("BirthDate", Corrupt(Td1, 1, 6, '3'), StringComparison.Ordinal);
        Assert.StartsWith("ExpiryDate", Corrupt(Td1, 1, 14, '0'), StringComparison.Ordinal);
        Assert.StartsWith("Composite", Corrupt(Td1, 1, 29, '5'), StringComparison.Ordinal);

        // Optional data is covered only by the composite digit.
        Assert.StartsWith("Composite", Corrupt(Td1, 0, 20, 'B'), StringComparison.Ordinal);

        static string Corrupt(string[] lines, int line, int position, char c)
        {
            var copy = (string[])lines.Clone();
            copy[line] = copy[line][..position] + c + copy[line][(position + 1)..];
            var result = MrzParser.Parse(copy, Today);
            Assert.Equal(MrzError.BadCheckDigit, result.Error!.Reason);
            return result.Error.Message;
        }
    }

    [Fact]
    public void Reads_a_TD1_long_document_number_from_the_optional_data()
    {
        // ICAO 9303 part 5: a 12-character number; positions 6–14 hold 9 characters, 15 is '<', the
        // rest and the check digit start the optional data, followed by a filler.
        var check = MrzCheckDigit.Compute("D23145890734");
        string[] lines =
        [
            $"I<UTOD23145890<734{check}<<<<<<<<<<<",
            string.Empty,
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ];
        var line2 = "7408122F1204159UTO<<<<<<<<<<<";
        lines[1] = line2 + MrzCheckDigit.Compute(lines[0][5..30], line2[..7], line2[8..15], line2[18..29]);

        var mrz = MrzParser.Parse(lines, Today).GetValueOrThrow();
        Assert.Equal("D23145890734", mrz.DocumentNumber);
        Assert.Equal(string.Empty, mrz.OptionalData);
        Assert.Equal(lines, MrzEncoder.Encode(mrz));

        var wrong = (string[])lines.Clone();
        wrong[0] = $"I<UTOD23145890<734{(char)('0' + ((check - '0' + 1) % 10))}<<<<<<<<<<<";
        wrong[1] = line2 + MrzCheckDigit.Compute(wrong[0][5..30], line2[..7], line2[8..15], line2[18..29]);
        Assert.StartsWith("DocumentNumber", MrzParser.Parse(wrong, Today).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Computes_check_digits_as_the_specimens_show()
    {
        Assert.Equal('6', MrzCheckDigit.Compute("L898902C3"));
        Assert.Equal('2', MrzCheckDigit.Compute("740812"));
        Assert.Equal('9', MrzCheckDigit.Compute("120415"));
        Assert.Equal('1', MrzCheckDigit.Compute("ZE184226B<<<<<"));
        Assert.Equal('7', MrzCheckDigit.Compute("D23145890"));
    }

    [Fact]
    public void Infers_the_birth_century_from_the_reference_date()
    {
        var young = Build(MrzFormat.Td3, new DateOnly(2020, 1, 2), new DateOnly(2030, 1, 1));
        Assert.Equal(new DateOnly(2020, 1, 2), MrzParser.Parse(young, Today).GetValueOrThrow().BirthDate);

        // Born "261124": tomorrow in 2026 is impossible, so 1926.
        var old = Build(MrzFormat.Td3, new DateOnly(1926, 11, 24), new DateOnly(2030, 1, 1));
        Assert.Equal(new DateOnly(1926, 11, 24), MrzParser.Parse(old, Today).GetValueOrThrow().BirthDate);
        Assert.Equal(new DateOnly(2026, 11, 24), MrzParser.Parse(old, new DateOnly(2026, 11, 24)).GetValueOrThrow().BirthDate);
    }

    [Theory]
    [InlineData("X", Gender.Other)]
    [InlineData("<", Gender.Unspecified)]
    [InlineData("M", Gender.Male)]
    public void Reads_every_sex_code(string code, Gender expected)
    {
        var lines = (string[])Td3.Clone();
        lines[1] = lines[1][..20] + code + lines[1][21..];
        Assert.Equal(expected, MrzParser.Parse(lines, Today).GetValueOrThrow().Sex);
    }

    [Fact]
    public void Gives_typed_errors_for_malformed_input()
    {
        Assert.Equal(MrzError.BadLength, MrzParser.Parse(Td3[0], Today).Error!.Reason);
        Assert.Equal(MrzError.BadLength, MrzParser.Parse([Td3[0], Td3[1][..43]], Today).Error!.Reason);
        Assert.Equal(MrzError.BadLength, MrzParser.Parse((string?)null, Today).Error!.Reason);
        Assert.Equal(MrzError.BadCharacter, MrzParser.Parse([Td3[0].ToLowerInvariant(), Td3[1]], Today).Error!.Reason);
        Assert.Equal(MrzError.BadSex, MrzParser.Parse([Td3[0], Td3[1][..20] + "Q" + Td3[1][21..]], Today).Error!.Reason);
        Assert.Equal(MrzError.BadDocumentCode, MrzParser.Parse(["V" + Td3[0][1..], Td3[1]], Today).Error!.Reason);

        // Month 13 with a matching check digit.
        var badDate = Td3[1][..13] + "741312" + MrzCheckDigit.Compute("741312") + Td3[1][20..43];
        badDate += MrzCheckDigit.Compute(badDate[..10], badDate[13..20], badDate[21..43]);
        Assert.Equal(MrzError.BadDate, MrzParser.Parse([Td3[0], badDate], Today).Error!.Reason);
    }

    [Fact]
    public void Encoder_reproduces_the_specimens()
    {
        Assert.Equal(Td3, MrzEncoder.Encode(MrzParser.Parse(Td3, Today).GetValueOrThrow()));
        Assert.Equal(Td1, MrzEncoder.Encode(MrzParser.Parse(Td1, Today).GetValueOrThrow()));
        Assert.Equal(Td2, MrzEncoder.Encode(MrzParser.Parse(Td2, Today).GetValueOrThrow()));
    }

    [Fact]
    public void ToString_masks_the_holder()
    {
        var text = MrzParser.Parse(Td3, Today).GetValueOrThrow().ToString();
        Assert.DoesNotContain("ERIKSSON", text, StringComparison.Ordinal);
        Assert.DoesNotContain("L898902C3", text, StringComparison.Ordinal);
    }

    private static string[] Build(MrzFormat format, DateOnly birth, DateOnly expiry) => MrzEncoder.Encode(new MrzDocument
    {
        Format = format, DocumentCode = format == MrzFormat.Td3 ? "P" : "I", IssuingState = "UTO", DocumentNumber = "AB1234567",
        Nationality = "UTO", BirthDate = birth, Sex = Gender.Female, ExpiryDate = expiry,
        PrimaryIdentifier = "ERIKSSON", SecondaryIdentifier = "ANNA MARIA",
    });

    private static Gen<string> Word(int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ".ToCharArray()), length)
        select new string(chars);

    private static Gen<string> Alnum(int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".ToCharArray()), length)
        select new string(chars);

    private static readonly Gen<MrzDocument> Documents =
        from format in Gen.Elements(MrzFormat.Td1, MrzFormat.Td2, MrzFormat.Td3)
        from number in Alnum(1, format == MrzFormat.Td3 ? 9 : 12)
        from optional in Alnum(0, format switch { MrzFormat.Td1 => 3, MrzFormat.Td2 => 2, _ => 14 })
        from optional2 in Alnum(0, format == MrzFormat.Td1 ? 11 : 0)
        from state in Word(1, 3)
        from nationality in Word(3, 3)
        from birthDays in Gen.Choose(0, 99 * 365)
        from expiryDays in Gen.Choose(0, 99 * 365)
        from sex in Gen.Elements(Gender.Male, Gender.Female, Gender.Other, Gender.Unspecified)
        from primary in Word(1, 10)
        from secondary in Gen.OneOf(Gen.Constant(string.Empty), Word(1, 6), from a in Word(1, 5) from b in Word(1, 5) select $"{a} {b}")
        select new MrzDocument
        {
            Format = format,
            DocumentCode = format == MrzFormat.Td3 ? "P" : "ID",
            IssuingState = state,
            DocumentNumber = number,
            Nationality = nationality,
            BirthDate = Today.AddDays(-birthDays),
            Sex = sex,
            ExpiryDate = new DateOnly(2000, 1, 1).AddDays(expiryDays),
            PrimaryIdentifier = primary,
            SecondaryIdentifier = secondary,
            OptionalData = optional,
            OptionalData2 = optional2,
        };

    [Property(MaxTest = 300)]
    public Property Encoded_fields_parse_back_unchanged() =>
        Prop.ForAll(Arb.From(Documents), document =>
        {
            var lines = MrzEncoder.Encode(document);
            var parsed = MrzParser.Parse(lines, Today);
            return parsed.IsSuccess && parsed.Value == document;
        });

    [Property(MaxTest = 300)]
    public Property Any_single_character_substitution_in_a_protected_field_is_caught() =>
        Prop.ForAll(Arb.From(Documents), Arb.From(Gen.Choose(0, 1000)), Arb.From(Gen.Elements("0123456789".ToCharArray())), (document, seed, digit) =>
        {
            // Substitute a digit in a date or check position of the data line: any change there must fail.
            var lines = MrzEncoder.Encode(document);
            var (line, positions) = document.Format switch
            {
                MrzFormat.Td1 => (1, new[] { 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 29 }),
                MrzFormat.Td2 => (1, new[] { 9, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 35 }),
                _ => (1, new[] { 9, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 43 }),
            };
            var position = positions[seed % positions.Length];

            // '<' and '0' both count 0 in ICAO 9303 check digits: swapping one for the other (e.g. the '<' that marks an
            // overflowing TD2 document number at position 9) is invisible to every check digit by design.
            if (lines[line][position] == digit || (lines[line][position] == '<' && digit == '0'))
            {
                return true;
            }

            lines[line] = lines[line][..position] + digit + lines[line][(position + 1)..];
            return !MrzParser.Parse(lines, Today).IsSuccess;
        });

    [Property(MaxTest = 500)]
    public Property Random_truncated_and_flipped_lines_give_typed_failures() =>
        Prop.ForAll(Arb.From(Documents), Arb.From(Gen.Choose(0, 10000)), Arb.From(Gen.Choose(0, 255)), (document, seed, noise) =>
        {
            var lines = MrzEncoder.Encode(document);
            var line = seed % lines.Length;
            var mode = seed % 3;
            if (mode == 0)
            {
                lines[line] = lines[line][..(seed % lines[line].Length)];
            }
            else
            {
                var position = seed % lines[line].Length;
                lines[line] = lines[line][..position] + (char)(lines[line][position] ^ (1 << (noise % 7))) + lines[line][(position + 1)..];
            }

            var result = MrzParser.Parse(lines, Today);
            return result.IsSuccess ? result.Value.Format == document.Format : Enum.IsDefined(result.Error.Reason);
        });

    [Property(MaxTest = 500)]
    public Property Arbitrary_strings_never_throw(string[]? lines)
    {
        var result = MrzParser.Parse(lines?.Select(l => l ?? string.Empty).ToArray() ?? [], Today);
        return (result.IsSuccess || Enum.IsDefined(result.Error.Reason)).ToProperty();
    }
}
