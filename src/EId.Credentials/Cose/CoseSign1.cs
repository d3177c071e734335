using System.Formats.Cbor;

namespace EId.Credentials.Cose;

/// <summary>
/// A COSE_Sign1 message (RFC 9052 §4.2): protected header bytes as received, header values, payload
/// and signature. <see cref="TryParse"/> accepts tag 18, tag 61 (CWT) around tag 18, or no tag.
/// </summary>
/// <param name="ProtectedHeader">The serialized protected header exactly as received (signed over).</param>
/// <param name="Algorithm">The <c>alg</c> header (1) as an integer, when present.</param>
/// <param name="KeyId">The <c>kid</c> header (4), protected first, else unprotected; empty when absent.</param>
/// <param name="Payload">The payload (here: a CWT claims set).</param>
/// <param name="Signature">The signature bytes.</param>
public sealed record CoseSign1(ReadOnlyMemory<byte> ProtectedHeader, int? Algorithm, ReadOnlyMemory<byte> KeyId, ReadOnlyMemory<byte> Payload, ReadOnlyMemory<byte> Signature)
{
    /// <summary>COSE_Sign1 CBOR tag.</summary>
    public const ulong Tag = 18;

    /// <summary>CWT CBOR tag.</summary>
    public const ulong CwtTag = 61;

    /// <summary>Builds the Sig_structure <c>["Signature1", protected, h'', payload]</c> that is signed.</summary>
    public static byte[] BuildToBeSigned(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, initialCapacity: protectedHeader.Length + payload.Length + 24);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Serializes a protected header <c>{1: alg, 4: kid}</c> (kid omitted when empty).</summary>
    public static byte[] BuildProtectedHeader(CoseAlgorithm algorithm, ReadOnlySpan<byte> keyId)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(keyId.IsEmpty ? 1 : 2);
        writer.WriteInt32(1);
        writer.WriteInt32((int)algorithm);
        if (!keyId.IsEmpty)
        {
            writer.WriteInt32(4);
            writer.WriteByteString(keyId);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>The Sig_structure for this message.</summary>
    public byte[] ToBeSigned() => BuildToBeSigned(ProtectedHeader.Span, Payload.Span);

    /// <summary>Serializes as tag 18 <c>[protected, {}, payload, signature]</c>.</summary>
    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Lax, initialCapacity: ProtectedHeader.Length + Payload.Length + Signature.Length + 16);
        writer.WriteTag((CborTag)Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(ProtectedHeader.Span);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteByteString(Payload.Span);
        writer.WriteByteString(Signature.Span);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Parses a COSE_Sign1 message. Never throws on bad input.</summary>
    /// <param name="encoded">The CBOR bytes.</param>
    /// <param name="message">The message on success.</param>
    /// <returns>False when the bytes are not a well-formed COSE_Sign1.</returns>
    public static bool TryParse(ReadOnlyMemory<byte> encoded, out CoseSign1? message)
    {
        message = null;
        try
        {
            var reader = new CborReader(encoded, CborConformanceMode.Lax);
            if (!CoseHeaders.TryReadTags(reader, Tag))
            {
                return false;
            }

            if (reader.ReadStartArray() != 4)
            {
                return false;
            }

            var protectedBytes = reader.ReadByteString();
            if (!CoseHeaders.TryReadProtected(protectedBytes, out var protectedHeaders))
            {
                return false;
            }

            var unprotected = CoseHeaders.ReadMap(reader);
            var payload = reader.ReadByteString();
            var signature = reader.ReadByteString();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                return false;
            }

            var kid = protectedHeaders.KeyId ?? unprotected.KeyId ?? [];
            message = new CoseSign1(protectedBytes, protectedHeaders.Algorithm ?? unprotected.Algorithm, kid, payload, signature);
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            return false;
        }
    }
}
