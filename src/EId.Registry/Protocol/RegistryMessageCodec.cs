using System.Formats.Cbor;
using EId.Documents;

namespace EId.Registry.Protocol;

/// <summary>
/// Compact CBOR encoding of the registry calls carried inside sealed messages. Arrays, not maps:
/// request <c>[1, idNumber]</c> (lookup) or <c>[2, idNumber, serial, deviceId, issuedAtMs, expiresAtMs, requestId|null]</c>;
/// response <c>[0, citizen]</c>, <c>[0, issuance]</c> or <c>[1, reason, message]</c>.
/// Decoding never throws on bad input: it returns <see cref="RegistryError.BadRequest"/>.
/// </summary>
internal static class RegistryMessageCodec
{
    private const int Ok = 0;
    private const int Error = 1;

    public static byte[] EncodeLookup(string idNumber)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(2);
        writer.WriteInt32((int)RegistryOperation.Lookup);
        writer.WriteTextString(idNumber);
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static byte[] EncodeRecordIssuance(IssuanceRecord issuance)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(7);
        writer.WriteInt32((int)RegistryOperation.RecordIssuance);
        WriteIssuanceFields(writer, issuance);
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static Result<RegistryRequest, Failure<RegistryError>> DecodeRequest(ReadOnlyMemory<byte> bytes) => Decode(bytes, reader =>
    {
        var length = reader.ReadStartArray();
        var operation = (RegistryOperation)reader.ReadInt32();
        RegistryRequest request = operation switch
        {
            RegistryOperation.Lookup when length == 2 => new RegistryRequest.Lookup(reader.ReadTextString()),
            RegistryOperation.RecordIssuance when length == 7 => new RegistryRequest.RecordIssuance(ReadIssuanceFields(reader)),
            _ => throw new CborContentException("Unknown operation or arity."),
        };
        reader.ReadEndArray();
        return request;
    });

    public static byte[] EncodeCitizen(CitizenRecord citizen)
    {
        var writer = StartOk();
        writer.WriteStartArray(9);
        writer.WriteTextString(citizen.IdNumber);
        writer.WriteTextString(citizen.FullName);
        writer.WriteInt32((int)citizen.Gender);
        WriteNullable(writer, citizen.BirthDate?.DayNumber, (w, v) => w.WriteInt32(v));
        WriteNullable(writer, citizen.Ethnicity, (w, v) => w.WriteTextString(v));
        WriteNullable(writer, citizen.Address, (w, v) => w.WriteTextString(v));
        writer.WriteInt32((int)citizen.Status);
        if (citizen.Portrait is { } portrait)
        {
            writer.WriteInt32((int)portrait.Format);
            writer.WriteByteString(portrait.Data.Span);
        }
        else
        {
            writer.WriteNull();
            writer.WriteNull();
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static byte[] EncodeIssuance(IssuanceRecord issuance)
    {
        var writer = StartOk();
        writer.WriteStartArray(6);
        WriteIssuanceFields(writer, issuance);
        writer.WriteEndArray();
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static byte[] EncodeFailure(Failure<RegistryError> failure)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(3);
        writer.WriteInt32(Error);
        writer.WriteInt32((int)failure.Reason);
        writer.WriteTextString(failure.Message);
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static Result<CitizenRecord, Failure<RegistryError>> DecodeCitizenResponse(ReadOnlyMemory<byte> bytes) => DecodeResponse(bytes, reader =>
    {
        if (reader.ReadStartArray() != 9)
        {
            throw new CborContentException("Citizen arity.");
        }

        var idNumber = reader.ReadTextString();
        var fullName = reader.ReadTextString();
        var gender = Defined((Gender)reader.ReadInt32());
        var birthDay = ReadNullable(reader, r => (int?)r.ReadInt32());
        var ethnicity = ReadNullable(reader, r => r.ReadTextString());
        var address = ReadNullable(reader, r => r.ReadTextString());
        var status = Defined((CitizenStatus)reader.ReadInt32());
        var format = ReadNullable(reader, r => (int?)r.ReadInt32());
        var data = ReadNullable(reader, r => r.ReadByteString());
        reader.ReadEndArray();
        if ((format is null) != (data is null))
        {
            throw new CborContentException("Portrait format and data go together.");
        }

        return new CitizenRecord
        {
            IdNumber = idNumber,
            FullName = fullName,
            Gender = gender,
            BirthDate = birthDay is null ? null : DateOnly.FromDayNumber(birthDay.Value),
            Ethnicity = ethnicity,
            Address = address,
            Status = status,
            Portrait = data is null ? null : new DocumentPortrait(data, Defined((ImageFormat)format!.Value)),
        };
    });

    public static Result<IssuanceRecord, Failure<RegistryError>> DecodeIssuanceResponse(ReadOnlyMemory<byte> bytes) => DecodeResponse(bytes, reader =>
    {
        if (reader.ReadStartArray() != 6)
        {
            throw new CborContentException("Issuance arity.");
        }

        var issuance = ReadIssuanceFields(reader);
        reader.ReadEndArray();
        return issuance;
    });

    private static CborWriter StartOk()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(2);
        writer.WriteInt32(Ok);
        return writer;
    }

    private static void WriteIssuanceFields(CborWriter writer, IssuanceRecord issuance)
    {
        writer.WriteTextString(issuance.IdNumber);
        writer.WriteTextString(issuance.Serial);
        writer.WriteTextString(issuance.DeviceId);
        writer.WriteInt64(issuance.IssuedAt.ToUnixTimeMilliseconds());
        writer.WriteInt64(issuance.ExpiresAt.ToUnixTimeMilliseconds());
        WriteNullable(writer, issuance.RequestId, (w, v) => w.WriteTextString(v));
    }

    private static IssuanceRecord ReadIssuanceFields(CborReader reader)
    {
        var idNumber = reader.ReadTextString();
        var serial = reader.ReadTextString();
        var deviceId = reader.ReadTextString();
        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
        var requestId = ReadNullable(reader, r => r.ReadTextString());
        return new IssuanceRecord(idNumber, serial, deviceId, issuedAt, expiresAt) { RequestId = requestId };
    }

    private static Result<T, Failure<RegistryError>> DecodeResponse<T>(ReadOnlyMemory<byte> bytes, Func<CborReader, T> readValue)
    {
        Failure<RegistryError>? failure = null;
        var decoded = Decode(bytes, reader =>
        {
            var length = reader.ReadStartArray();
            var status = reader.ReadInt32();
            T? value = default;
            if (status == Ok && length == 2)
            {
                value = readValue(reader);
            }
            else if (status == Error && length == 3)
            {
                failure = new Failure<RegistryError>(Defined((RegistryError)reader.ReadInt32()), reader.ReadTextString());
            }
            else
            {
                throw new CborContentException("Unknown response status or arity.");
            }

            reader.ReadEndArray();
            return value;
        });
        if (!decoded.IsSuccess)
        {
            return decoded.Error;
        }

        return failure is not null ? failure : decoded.Value!;
    }

    private static Result<T, Failure<RegistryError>> Decode<T>(ReadOnlyMemory<byte> bytes, Func<CborReader, T> read)
    {
        try
        {
            var reader = new CborReader(bytes, CborConformanceMode.Lax);
            var value = read(reader);
            if (reader.BytesRemaining != 0)
            {
                return Malformed();
            }

            return value!;
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return Malformed();
        }
    }

    private static Failure<RegistryError> Malformed() => new(RegistryError.BadRequest, "The registry message is not well-formed.");

    private static TEnum Defined<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new CborContentException($"Undefined {typeof(TEnum).Name} value.");

    private static void WriteNullable<T>(CborWriter writer, T? value, Action<CborWriter, T> write)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            write(writer, value);
        }
    }

    private static void WriteNullable<T>(CborWriter writer, T? value, Action<CborWriter, T> write)
        where T : struct
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            write(writer, value.Value);
        }
    }

    private static T? ReadNullable<T>(CborReader reader, Func<CborReader, T> read)
    {
        if (reader.PeekState() == CborReaderState.Null)
        {
            reader.ReadNull();
            return default;
        }

        return read(reader);
    }
}
