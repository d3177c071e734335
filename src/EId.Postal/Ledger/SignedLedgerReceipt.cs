using System.Text.Json;
using System.Text.RegularExpressions;
using EId.Postal.Courier;

namespace EId.Postal.Ledger;

/// <summary>
/// The postal server's signed proof, handed to the handheld with every accepted parcel, that entry <see cref="Sequence"/>
/// of ledger <see cref="LedgerId"/> had hash <see cref="EntryHash"/> at <see cref="AppendedAt"/>. Whoever keeps it can later
/// prove the entry is still there and unchanged (<see cref="ReceiptVerifier"/>, <c>eid ledger verify --receipt</c>), which
/// catches a truncated ledger even between checkpoints.
/// </summary>
/// <remarks>
/// <para>Wire/JSON form (<see cref="PostalJson.Options"/>, camelCase; the <c>receipt</c> of an intake answer):</para>
/// <code>{"ledgerId":"eid-postal","sequence":42,"entryHash":"&lt;64 hex&gt;","appendedAt":"2026-11-02T08:00:00.123+00:00","publicKey":"&lt;64 hex&gt;","signature":"&lt;128 hex&gt;"}</code>
/// <para>
/// <c>signature</c> is Ed25519 under <c>publicKey</c> (the ledger's checkpoint key) over
/// <c>"EId.Postal.Receipt.v1" ‖ str ledgerId ‖ i64 sequence ‖ 32-byte entry hash ‖ i64 appendedAt (Unix ms)</c>, big-endian,
/// <c>str</c> = i32 length + UTF-8 (<see cref="LedgerCodec.ReceiptPayload"/>). The first three fields are those of
/// <see cref="LedgerReceipt"/>, so clients that read only those keep working.
/// </para>
/// </remarks>
public sealed partial record SignedLedgerReceipt
{
    /// <summary>The ledger (stream) the entry belongs to (<see cref="PostalOptions.LedgerId"/>).</summary>
    public required string LedgerId { get; init; }

    /// <summary>Position of the entry in the chain, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>The entry's hash, 64 lower-case hex characters.</summary>
    public required string EntryHash { get; init; }

    /// <summary>When the entry was stored (millisecond precision, UTC).</summary>
    public required DateTimeOffset AppendedAt { get; init; }

    /// <summary>The signer's raw Ed25519 public key, 64 hex characters.</summary>
    public required string PublicKey { get; init; }

    /// <summary>The Ed25519 signature, 128 hex characters.</summary>
    public required string Signature { get; init; }

    /// <summary>The unsigned receipt (sequence, hash, time).</summary>
    /// <returns>The receipt.</returns>
    public LedgerReceipt ToLedgerReceipt() => new(Sequence, EntryHash, AppendedAt);

    /// <summary>Checks the receipt's form and signature (not the ledger): null when it was signed by a trusted key as it stands.</summary>
    /// <param name="trusted">The trusted signing keys; a key set that trusts none accepts the embedded key (self-consistency only).</param>
    /// <returns>Null when genuine, else what is wrong.</returns>
    public ReceiptProblem? CheckSignature(LedgerKeys trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        if (Decode() is not var (hash, key, signature))
        {
            return ReceiptProblem.Malformed;
        }

        if (!trusted.Accepts(key))
        {
            return ReceiptProblem.UntrustedKey;
        }

        return LedgerKeys.Verifies(key, LedgerCodec.ReceiptPayload(LedgerId, Sequence, hash, AppendedAt), signature) ? null : ReceiptProblem.BadSignature;
    }

    /// <summary>The receipt's JSON form (see the remarks).</summary>
    /// <returns>UTF-8 JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, PostalJson.Options);

    /// <summary>
    /// Reads a receipt from its JSON form, or from an intake answer that carries one in <c>receipt</c> (what a handheld may
    /// simply save). Null when the text is neither; the signature is not checked here.
    /// </summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The receipt, or null.</returns>
    public static SignedLedgerReceipt? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var element = root.TryGetProperty("receipt", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            return element.Deserialize<SignedLedgerReceipt>(PostalJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Signs <paramref name="receipt"/> for ledger <paramref name="ledgerId"/> with the key set's signing key.</summary>
    internal static SignedLedgerReceipt Create(string ledgerId, LedgerReceipt receipt, LedgerKeys keys)
    {
        var hash = Convert.FromHexString(receipt.EntryHash);
        var at = LedgerCodec.ToStoredPrecision(receipt.AppendedAt);
        return new SignedLedgerReceipt
        {
            LedgerId = ledgerId,
            Sequence = receipt.Sequence,
            EntryHash = Convert.ToHexStringLower(hash),
            AppendedAt = at,
            PublicKey = Convert.ToHexStringLower(keys.SigningPublicKey ?? throw new InvalidOperationException("This key set cannot sign receipts.")),
            Signature = Convert.ToHexStringLower(keys.Sign(LedgerCodec.ReceiptPayload(ledgerId, receipt.Sequence, hash, at))),
        };
    }

    /// <summary>True when <paramref name="ledgerId"/> is a valid ledger id (1–64 of letters, digits, <c>._:-</c>).</summary>
    internal static bool IsLedgerId(string? ledgerId) => ledgerId is not null && LedgerIdPattern().IsMatch(ledgerId);

    /// <summary>The entry hash as bytes, or null when malformed.</summary>
    internal byte[]? EntryHashBytes() => Decode()?.Hash;

    private (byte[] Hash, byte[] Key, byte[] Signature)? Decode()
    {
        if (Sequence < 1 || !IsLedgerId(LedgerId) || !IsHex(EntryHash, 32) || !IsHex(PublicKey, 32) || !IsHex(Signature, 64))
        {
            return null;
        }

        return (Convert.FromHexString(EntryHash), Convert.FromHexString(PublicKey), Convert.FromHexString(Signature));
    }

    private static bool IsHex(string? text, int bytes) => text is not null && text.Length == bytes * 2 && text.All(char.IsAsciiHexDigit);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex LedgerIdPattern();

    /// <summary>Short summary (the receipt holds no personal data).</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => $"SignedLedgerReceipt({LedgerId} #{Sequence}, {(EntryHash.Length > 12 ? EntryHash[..12] : EntryHash)}…)";
}
