using EId.Postal.Courier;
using EId.Postal.Ledger;

namespace EId.Postal.Verdicts;

/// <summary>
/// The verdict's wire form, version 1, in the ledger's canonical encoding (one value, one encoding):
/// <c>"EIDV" | version | body fields | signature (length-prefixed, 64 bytes)</c>. The signature covers every byte before it,
/// so any change anywhere is either malformed or a bad signature.
/// </summary>
internal static class VerdictCodec
{
    public const int SignatureLength = 64;
    public const int HashLength = 32;
    public const int MaxReasons = 32;
    public const int MaxBytes = 8 * 1024;

    private static readonly byte[] Magic = "EIDV"u8.ToArray();

    /// <summary>Everything the signature covers.</summary>
    public static byte[] EncodeSigned(IdentityVerdict verdict)
    {
        var w = new CanonicalWriter(512);
        foreach (var b in Magic)
        {
            w.WriteByte(b);
        }

        w.WriteByte(IdentityVerdict.CurrentVersion);
        w.WriteString(verdict.VerdictId);
        w.WriteString(verdict.KeyId);
        w.WriteInt32((int)verdict.Outcome);
        w.WriteInt32(verdict.Reasons.Count);
        foreach (var reason in verdict.Reasons)
        {
            w.WriteInt32((int)reason);
        }

        w.WriteString(verdict.SenderToken);
        w.WriteString(verdict.SenderNameMasked);
        w.WriteString(verdict.SenderPhoneMasked);
        w.WriteString(verdict.Method);
        w.WriteSingle(verdict.FaceScore);
        w.WriteSingle(verdict.LivenessScore);
        w.WriteString(verdict.WaybillNumber);
        w.WriteBytes(verdict.ParcelHash.Span);
        w.WriteString(verdict.DeviceId);
        w.WriteString(verdict.CourierId);
        w.WriteInt64(verdict.IssuedAt.ToUnixTimeMilliseconds());
        w.WriteInt64(verdict.ExpiresAt.ToUnixTimeMilliseconds());
        return w.ToArray();
    }

    /// <summary>Appends the signature field to the signed part.</summary>
    public static byte[] Envelope(byte[] signed, ReadOnlySpan<byte> signature)
    {
        var w = new CanonicalWriter(signed.Length + SignatureLength + 4);
        foreach (var b in signed)
        {
            w.WriteByte(b);
        }

        w.WriteBytes(signature);
        return w.ToArray();
    }

    /// <summary>Splits and parses; never throws. <paramref name="signedLength"/> is how many leading bytes the signature covers.</summary>
    public static VerdictError? TryDecode(ReadOnlySpan<byte> bytes, out IdentityVerdict? verdict, out int signedLength, out byte[] signature)
    {
        verdict = null;
        signedLength = 0;
        signature = [];
        if (bytes.Length > MaxBytes || bytes.Length < Magic.Length + 1 || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            return VerdictError.Malformed;
        }

        if (bytes[Magic.Length] != IdentityVerdict.CurrentVersion)
        {
            return VerdictError.UnsupportedVersion;
        }

        var r = new CanonicalReader(bytes[(Magic.Length + 1)..]);
        if (!r.TryReadString(out var id) || !r.TryReadString(out var keyId) || !r.TryReadInt32(out var outcome) || !r.TryReadInt32(out var reasonCount)
            || reasonCount is < 0 or > MaxReasons)
        {
            return VerdictError.Malformed;
        }

        var reasons = new SenderCheckReason[reasonCount];
        for (var i = 0; i < reasonCount; i++)
        {
            if (!r.TryReadInt32(out var reason) || !Enum.IsDefined((SenderCheckReason)reason))
            {
                return VerdictError.Malformed;
            }

            reasons[i] = (SenderCheckReason)reason;
        }

        if (!r.TryReadString(out var token) || !r.TryReadString(out var name) || !r.TryReadString(out var phone) || !r.TryReadString(out var method)
            || !r.TryReadSingle(out var face) || !r.TryReadSingle(out var live) || !r.TryReadString(out var waybill) || !r.TryReadBytes(out var hash)
            || !r.TryReadString(out var device) || !r.TryReadString(out var courier) || !r.TryReadInt64(out var issued) || !r.TryReadInt64(out var expires))
        {
            return VerdictError.Malformed;
        }

        if (!r.TryReadBytes(out signature) || !r.AtEnd || signature.Length != SignatureLength)
        {
            return VerdictError.Malformed;
        }

        // The signature field (4-byte length + 64 bytes) is last: everything before it is signed.
        signedLength = bytes.Length - 4 - SignatureLength;

        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(waybill) || string.IsNullOrEmpty(device) || string.IsNullOrEmpty(courier)
            || !Enum.IsDefined((SenderVerdict)outcome) || hash.Length != HashLength || !TryTime(issued, out var issuedAt) || !TryTime(expires, out var expiresAt))
        {
            return VerdictError.Malformed;
        }

        verdict = new IdentityVerdict
        {
            VerdictId = id,
            KeyId = keyId,
            Outcome = (SenderVerdict)outcome,
            Reasons = reasons,
            SenderToken = token,
            SenderNameMasked = name,
            SenderPhoneMasked = phone,
            Method = method,
            FaceScore = face,
            LivenessScore = live,
            WaybillNumber = waybill,
            ParcelHash = hash,
            DeviceId = device,
            CourierId = courier,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
        };
        return null;
    }

    private static bool TryTime(long unixMs, out DateTimeOffset time)
    {
        time = default;
        if (unixMs < 0 || unixMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
        return true;
    }
}
