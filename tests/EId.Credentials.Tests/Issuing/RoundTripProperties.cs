using EId.Credentials.Claims;
using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Transport;
using EId.Credentials.Verification;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Credentials.Tests.Issuing;

public sealed class RoundTripProperties : IDisposable
{
    private readonly IssuerSigningKey _key = IssuerSigningKey.Generate();

    public void Dispose() => _key.Dispose();

    private static Gen<string?> OptionalText(Gen<string> text) =>
        Gen.Frequency((1, Gen.Constant<string?>(null)), (3, text.Select(s => (string?)s)));

    // Unicode names (any BMP/astral text FsCheck makes, minus lone surrogates that CBOR text cannot carry) and long addresses.
    private static readonly Gen<string> UnicodeText = ArbMap.Default.GeneratorFor<NonNull<string>>()
        .Select(s => new string(s.Get.Where(c => !char.IsSurrogate(c)).ToArray()) + "张三 Émilie جاناردان 😀");

    private static readonly Gen<string> LongText = Gen.Choose(0, 2000).Select(n => string.Concat(Enumerable.Repeat("Rue de l'Église 12, ", n / 20)));

    private static readonly Gen<IdentityClaims> Identities =
        from id in OptionalText(Gen.Elements("110101199003074518", "X", "ID-12345-ABCDE"))
        from name in OptionalText(UnicodeText)
        from address in OptionalText(LongText)
        from gender in Gen.Elements<int?>(null, 1, 2, 3)
        from dob in OptionalText(Gen.Elements("19900307", "20000229"))
        from face in Gen.Frequency((1, Gen.Constant<byte[]?>(null)), (1, ArbMap.Default.GeneratorFor<byte[]>().Select(b => (byte[]?)b)))
        from unknown in Gen.Frequency((2, Gen.Constant<long?>(null)), (1, Gen.Choose(70, 99).Select(k => (long?)k)))
        select new IdentityClaims
        {
            Id = id,
            FullName = name,
            Address = address,
            Gender = gender,
            DateOfBirth = dob,
            Biometrics = face is null
                ? new Dictionary<BiometricKind, IReadOnlyList<Biometric>>()
                : new Dictionary<BiometricKind, IReadOnlyList<Biometric>> { [BiometricKind.Face] = [new Biometric(face, 0, 4)] },
            UnknownFields = unknown is { } k ? [new(k, new byte[] { 0x63, 0x61, 0x62, 0x63 })] : [],
        };

    [Property(MaxTest = 60)]
    public Property Sign_encode_decode_verify_round_trips_arbitrary_claims() => Prop.ForAll(Arb.From(Identities), identity =>
    {
        var claims = TestCredentials.Claims(identity);
        var text = Claim169Encoder.Encode(claims, _key);
        var verdict = TestCredentials.Verifier(_key).VerifyAsync(text).AsTask().GetAwaiter().GetResult();
        var decoded = Claim169Decoder.Decode(text).GetValueOrThrow().Claims;
        var back = decoded.Identity!;
        return verdict.IsValid
            && back.Id == identity.Id && back.FullName == identity.FullName && back.Address == identity.Address
            && back.Gender == identity.Gender && back.DateOfBirth == identity.DateOfBirth
            && back.Face.Count == identity.Face.Count
            && back.Face.Zip(identity.Face).All(p => p.First.Data.Span.SequenceEqual(p.Second.Data.Span))
            && back.UnknownFields.Count == identity.UnknownFields.Count
            && decoded.DeviceId == claims.DeviceId && decoded.ExpiresAt == claims.ExpiresAt
            && verdict.Metadata!.KeyId == _key.KeyIdHex;
    });

    [Fact]
    public async Task Every_single_bit_flip_of_the_cose_bytes_is_rejected()
    {
        var cose = Claim169Encoder.Sign(TestCredentials.Claims(), _key);
        var verifier = TestCredentials.Verifier(_key);
        Assert.True((await verifier.VerifyAsync(Claim169Encoder.ToQrText(cose))).IsValid);

        var outcomes = new Dictionary<CredentialError, int>();
        for (var bit = 0; bit < cose.Length * 8; bit++)
        {
            var tampered = (byte[])cose.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            var verdict = await verifier.VerifyAsync(Claim169Encoder.ToQrText(tampered));
            Assert.False(verdict.IsValid, $"bit {bit} flipped was accepted");
            outcomes[verdict.Error!.Value] = outcomes.GetValueOrDefault(verdict.Error.Value) + 1;
        }

        // Most flips land in the payload or signature and must be caught by the signature itself.
        Assert.True(outcomes.GetValueOrDefault(CredentialError.BadSignature) > cose.Length * 4, string.Join(", ", outcomes));
    }

    [Property(MaxTest = 300)]
    public Property Random_text_never_crashes_the_verifier(string text)
    {
        var verdict = TestCredentials.Verifier(_key).VerifyAsync(text ?? string.Empty).AsTask().GetAwaiter().GetResult();
        return (!verdict.IsValid && verdict.Error is not null).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Random_bytes_as_base45_zlib_never_crash_the_decoder(byte[] bytes)
    {
        var result = Claim169Decoder.Decode(Base45.Encode(Zlib.Compress(bytes)));
        return (result.IsSuccess || result.Error is not null).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Truncated_credentials_are_rejected(PositiveInt cut)
    {
        var text = Claim169Encoder.Encode(TestCredentials.Claims(), _key);
        var truncated = text[..(cut.Get % text.Length)];
        return (!TestCredentials.Verifier(_key).VerifyAsync(truncated).AsTask().GetAwaiter().GetResult().IsValid).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Random_cbor_shapes_inside_a_valid_envelope_never_throw(byte[] payload)
    {
        // A real signature over arbitrary payload bytes: exercises the claims parser on garbage that passes the signature.
        var protectedHeader = EId.Credentials.Cose.CoseSign1.BuildProtectedHeader(IssuerSigningKey.Algorithm, _key.KeyId.Span);
        var signature = _key.Sign(EId.Credentials.Cose.CoseSign1.BuildToBeSigned(protectedHeader, payload));
        var cose = new EId.Credentials.Cose.CoseSign1(protectedHeader, -8, _key.KeyId, payload, signature).Encode();
        var verdict = TestCredentials.Verifier(_key).VerifyAsync(Claim169Encoder.ToQrText(cose)).AsTask().GetAwaiter().GetResult();
        return (!verdict.IsValid).ToProperty();
    }
}
