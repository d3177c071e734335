using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EId.Postal.Ledger;

/// <summary>Why stored entry bytes could not be decoded.</summary>
public enum EntryDecodeError
{
    /// <summary>The bytes end early or hold an impossible length.</summary>
    Truncated = 1,

    /// <summary>The format version is unknown.</summary>
    UnknownVersion = 2,

    /// <summary>A value is out of range (verdict, time) or bytes follow the last field.</summary>
    BadValue = 3,
}

/// <summary>A decoded entry body: its sequence, the public parcel fields and the sealed personal data.</summary>
/// <param name="Sequence">The sequence the entry was written at.</param>
/// <param name="Parcel">The parcel without personal data (<see cref="ParcelRecord.SenderPii"/> is null).</param>
/// <param name="SealedPii">Nonce ‖ ciphertext of the personal data, empty when none was stored.</param>
public sealed record EntryBody(long Sequence, ParcelRecord Parcel, byte[] SealedPii);

/// <summary>
/// The canonical encoding of ledger entries and checkpoints, and the chain hash:
/// entry hash = SHA-256(previous hash ‖ body). Version 1 body layout, big-endian:
/// <c>u8 version, i64 sequence, str waybill, str senderToken, str nameMasked, str? phoneMasked,
/// str category, str? description, i32 grams, str origin, str destination, str courier, str device,
/// u8 verdict, f32 faceScore, f32 livenessScore, i64 verifiedAt(ms), str? verifierId, str? method,
/// i64 acceptedAt(ms), bytes sealedPii</c>; <c>str</c> = i32 length (−1 = null) + UTF-8.
/// </summary>
public static class LedgerCodec
{
    private const byte Version = 1;
    private static readonly byte[] CheckpointDomain = Encoding.ASCII.GetBytes("EId.Postal.Checkpoint.v1");
    private static readonly byte[] ReceiptDomain = Encoding.ASCII.GetBytes("EId.Postal.Receipt.v1");

    /// <summary>Encodes an entry body. The parcel's <see cref="ParcelRecord.SenderPii"/> is ignored: only <paramref name="sealedPii"/> is stored.</summary>
    public static byte[] EncodeBody(long sequence, ParcelRecord parcel, ReadOnlySpan<byte> sealedPii)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        var w = new CanonicalWriter(256 + sealedPii.Length);
        w.WriteByte(Version);
        w.WriteInt64(sequence);
        w.WriteString(parcel.WaybillNumber);
        w.WriteString(parcel.SenderToken);
        w.WriteString(parcel.SenderNameMasked);
        w.WriteString(parcel.SenderPhoneMasked);
        w.WriteString(parcel.ItemCategory);
        w.WriteString(parcel.ItemDescription);
        w.WriteInt32(parcel.WeightGrams);
        w.WriteString(parcel.OriginRegion);
        w.WriteString(parcel.DestinationRegion);
        w.WriteString(parcel.CourierId);
        w.WriteString(parcel.DeviceId);
        var v = parcel.Verification;
        w.WriteByte((byte)v.Verdict);
        w.WriteSingle(v.FaceScore);
        w.WriteSingle(v.LivenessScore);
        w.WriteInt64(v.VerifiedAt.ToUnixTimeMilliseconds());
        w.WriteString(v.VerifierId);
        w.WriteString(v.Method);
        w.WriteInt64(parcel.AcceptedAt.ToUnixTimeMilliseconds());
        w.WriteBytes(sealedPii);
        return w.ToArray();
    }

    /// <summary>Decodes an entry body; never throws on bad bytes.</summary>
    public static Result<EntryBody, Failure<EntryDecodeError>> DecodeBody(ReadOnlySpan<byte> body)
    {
        var r = new CanonicalReader(body);
        if (!r.TryReadByte(out var version))
        {
            return Fail(EntryDecodeError.Truncated);
        }

        if (version != Version)
        {
            return new Failure<EntryDecodeError>(EntryDecodeError.UnknownVersion, $"Unknown entry version {version}.");
        }

        if (!(r.TryReadInt64(out var sequence)
              && r.TryReadString(out var waybill)
              && r.TryReadString(out var token)
              && r.TryReadString(out var name)
              && r.TryReadString(out var phone)
              && r.TryReadString(out var category)
              && r.TryReadString(out var description)
              && r.TryReadInt32(out var grams)
              && r.TryReadString(out var origin)
              && r.TryReadString(out var destination)
              && r.TryReadString(out var courier)
              && r.TryReadString(out var device)
              && r.TryReadByte(out var verdict)
              && r.TryReadSingle(out var faceScore)
              && r.TryReadSingle(out var livenessScore)
              && r.TryReadInt64(out var verifiedAt)
              && r.TryReadString(out var verifierId)
              && r.TryReadString(out var method)
              && r.TryReadInt64(out var acceptedAt)
              && r.TryReadBytes(out var sealedPii)))
        {
            return Fail(EntryDecodeError.Truncated);
        }

        if (!r.AtEnd || waybill is null || token is null || name is null || category is null || origin is null
            || destination is null || courier is null || device is null || !Enum.IsDefined((SenderVerdict)verdict)
            || !IsUnixMilliseconds(verifiedAt) || !IsUnixMilliseconds(acceptedAt))
        {
            return new Failure<EntryDecodeError>(EntryDecodeError.BadValue, "The entry holds a missing or out-of-range value.");
        }

        var parcel = new ParcelRecord
        {
            WaybillNumber = waybill,
            SenderToken = token,
            SenderNameMasked = name,
            SenderPhoneMasked = phone,
            ItemCategory = category,
            ItemDescription = description,
            WeightGrams = grams,
            OriginRegion = origin,
            DestinationRegion = destination,
            CourierId = courier,
            DeviceId = device,
            Verification = new SenderVerification((SenderVerdict)verdict, faceScore, livenessScore, DateTimeOffset.FromUnixTimeMilliseconds(verifiedAt))
            {
                VerifierId = verifierId,
                Method = method,
            },
            AcceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(acceptedAt),
        };
        return new EntryBody(sequence, parcel, sealedPii);
    }

    /// <summary>The chain hash: SHA-256(previous hash ‖ body).</summary>
    public static byte[] EntryHash(ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previousHash);
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }

    /// <summary>
    /// The chain hash with a caller-owned hasher: creating a SHA-256 context per entry nearly doubled
    /// the cost of hashing it, so a batch (or a verification run) reuses one.
    /// </summary>
    internal static byte[] EntryHash(IncrementalHash sha, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> body)
    {
        sha.AppendData(previousHash);
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }

    /// <summary>
    /// Writes <paramref name="sequence"/> into a body encoded earlier (the sequence is fixed-width at
    /// offset 1), so bodies can be encoded in parallel before the writer knows the sequence.
    /// </summary>
    internal static void SetSequence(Span<byte> body, long sequence) => BinaryPrimitives.WriteInt64BigEndian(body.Slice(1, 8), sequence);

    /// <summary>The bytes a checkpoint signs: domain ‖ sequence ‖ entry hash ‖ signed-at (ms).</summary>
    public static byte[] CheckpointPayload(long sequence, ReadOnlySpan<byte> entryHash, DateTimeOffset signedAt)
    {
        var w = new CanonicalWriter(CheckpointDomain.Length + 64);
        w.WriteBytes(CheckpointDomain);
        w.WriteInt64(sequence);
        w.WriteBytes(entryHash);
        w.WriteInt64(signedAt.ToUnixTimeMilliseconds());
        return w.ToArray();
    }

    /// <summary>The bytes a receipt signs: domain ‖ str ledger id ‖ sequence ‖ entry hash ‖ appended-at (ms).</summary>
    public static byte[] ReceiptPayload(string ledgerId, long sequence, ReadOnlySpan<byte> entryHash, DateTimeOffset appendedAt)
    {
        ArgumentNullException.ThrowIfNull(ledgerId);
        var w = new CanonicalWriter(ReceiptDomain.Length + 128);
        w.WriteBytes(ReceiptDomain);
        w.WriteString(ledgerId);
        w.WriteInt64(sequence);
        w.WriteBytes(entryHash);
        w.WriteInt64(appendedAt.ToUnixTimeMilliseconds());
        return w.ToArray();
    }

    /// <summary>Truncates a time to whole milliseconds in UTC, the precision the ledger stores.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static bool IsUnixMilliseconds(long ms) => ms is >= -62_135_596_800_000 and <= 253_402_300_799_999;

    private static Failure<EntryDecodeError> Fail(EntryDecodeError reason) => new(reason, "The entry bytes end early or hold an impossible length.");
}
