using EId.Registry.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Registry.Tests.Protocol;

public sealed class RegistryMessageCodecTests
{
    [Fact]
    public void Citizen_response_round_trips()
    {
        var decoded = RegistryMessageCodec.DecodeCitizenResponse(RegistryMessageCodec.EncodeCitizen(Citizens.Zhang())).GetValueOrThrow();
        Citizens.AssertSame(Citizens.Zhang(), decoded);
        Citizens.AssertSame(Citizens.Li(), RegistryMessageCodec.DecodeCitizenResponse(RegistryMessageCodec.EncodeCitizen(Citizens.Li())).GetValueOrThrow());
    }

    [Fact]
    public void Requests_round_trip()
    {
        Assert.Equal(new RegistryRequest.Lookup(Citizens.ZhangId), RegistryMessageCodec.DecodeRequest(RegistryMessageCodec.EncodeLookup(Citizens.ZhangId)).GetValueOrThrow());
        var issuance = Citizens.Issuance("abc") with { RequestId = null };
        var decoded = (RegistryRequest.RecordIssuance)RegistryMessageCodec.DecodeRequest(RegistryMessageCodec.EncodeRecordIssuance(issuance)).GetValueOrThrow();
        Assert.Equal(issuance, decoded.Issuance);
    }

    [Fact]
    public void Decoded_requests_do_not_show_the_raw_id_number()
    {
        var lookup = RegistryMessageCodec.DecodeRequest(RegistryMessageCodec.EncodeLookup(Citizens.ZhangId)).GetValueOrThrow();
        var issuance = RegistryMessageCodec.DecodeRequest(RegistryMessageCodec.EncodeRecordIssuance(Citizens.Issuance("abc"))).GetValueOrThrow();
        Assert.DoesNotContain(Citizens.ZhangId, lookup.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Citizens.ZhangId, issuance.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_responses_carry_the_reason()
    {
        var failure = new Failure<RegistryError>(RegistryError.Conflict, "Serial taken.");
        Assert.Equal(failure, RegistryMessageCodec.DecodeIssuanceResponse(RegistryMessageCodec.EncodeFailure(failure)).Error);
        Assert.Equal(failure, RegistryMessageCodec.DecodeCitizenResponse(RegistryMessageCodec.EncodeFailure(failure)).Error);
    }

    [Fact]
    public void Undefined_enum_values_and_trailing_bytes_are_bad_requests()
    {
        var lookup = RegistryMessageCodec.EncodeLookup("1");
        Assert.Equal(RegistryError.BadRequest, RegistryMessageCodec.DecodeRequest((byte[])[.. lookup, 0x00]).Error!.Reason);
        var failure = RegistryMessageCodec.EncodeFailure(new(RegistryError.NotFound, "x"));
        failure[2] = 0x17; // reason 23: not a RegistryError
        Assert.Equal(RegistryError.BadRequest, RegistryMessageCodec.DecodeCitizenResponse(failure).Error!.Reason);
    }

    [Property(MaxTest = 300)]
    public Property Random_bytes_decode_to_typed_errors(byte[] bytes)
    {
        var request = RegistryMessageCodec.DecodeRequest(bytes);
        var citizen = RegistryMessageCodec.DecodeCitizenResponse(bytes);
        var issuance = RegistryMessageCodec.DecodeIssuanceResponse(bytes);
        return ((request.IsSuccess || request.Error!.Reason == RegistryError.BadRequest) &&
                (citizen.IsSuccess || Enum.IsDefined(citizen.Error!.Reason)) &&
                (issuance.IsSuccess || Enum.IsDefined(issuance.Error!.Reason))).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Truncated_or_bit_flipped_citizens_never_throw(PositiveInt cut, PositiveInt bit)
    {
        var encoded = RegistryMessageCodec.EncodeCitizen(Citizens.Zhang());
        var truncated = encoded[..(cut.Get % encoded.Length)];
        var flipped = encoded.ToArray();
        var position = bit.Get % (flipped.Length * 8);
        flipped[position / 8] ^= (byte)(1 << (position % 8));
        var decodedFlip = RegistryMessageCodec.DecodeCitizenResponse(flipped);
        return (!RegistryMessageCodec.DecodeCitizenResponse(truncated).IsSuccess &&
                (decodedFlip.IsSuccess || Enum.IsDefined(decodedFlip.Error!.Reason))).ToProperty();
    }
}
