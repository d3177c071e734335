using System.Text.Json;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Storage;
using EId.Postal.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EId.Postal.Tests.Ledger;

/// <summary>
/// Signed receipts on their own: real Ed25519 signatures (NSec), forged and altered receipts refused, the JSON form read
/// by old clients as the unsigned receipt. The ledger-side checks (truncation, restart) run per store in the store contract.
/// </summary>
public sealed class SignedReceiptTests : IDisposable
{
    private readonly LedgerKeys _keys = TestLedger.Keys();
    private readonly InMemoryLedgerStore _store = new();
    private readonly ParcelLedger _ledger;
    private readonly SignedLedgerReceipt _receipt;

    public SignedReceiptTests()
    {
        _ledger = TestLedger.Create(_store, _keys, checkpointInterval: 1000);
        _receipt = _ledger.SignReceipt(_ledger.AppendAsync(TestLedger.Parcel(1)).AsTask().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_fresh_receipt_is_signed_by_the_checkpoint_key_and_verifies()
    {
        Assert.Equal("eid-postal", _receipt.LedgerId);
        Assert.Equal(1, _receipt.Sequence);
        Assert.Equal(Convert.ToHexStringLower(_keys.SigningPublicKey!), _receipt.PublicKey);
        Assert.Equal(128, _receipt.Signature.Length);
        Assert.Null(_receipt.CheckSignature(LedgerKeys.VerifyOnly([_keys.SigningPublicKey!])));
        Assert.True((await _ledger.VerifyReceiptAsync(_receipt, TestContext.Current.CancellationToken)).IsValid);
    }

    [Fact]
    public async Task A_receipt_signed_by_another_key_is_refused_as_untrusted_and_a_tampered_one_as_a_bad_signature()
    {
        using var other = LedgerKeys.Create(LedgerKeys.GenerateRaw().SigningKey, new byte[32]);
        var forged = SignedLedgerReceipt.Create("eid-postal", _receipt.ToLedgerReceipt(), other);
        var reSequenced = _receipt with { Sequence = 2 };
        var reHashed = _receipt with { EntryHash = new string('0', 64) };
        var reTimed = _receipt with { AppendedAt = _receipt.AppendedAt.AddMilliseconds(1) };
        var reKeyed = _receipt with { PublicKey = forged.PublicKey };

        Assert.Equal(ReceiptProblem.UntrustedKey, (await _ledger.VerifyReceiptAsync(forged, TestContext.Current.CancellationToken)).Problem);
        Assert.Equal(ReceiptProblem.BadSignature, (await _ledger.VerifyReceiptAsync(reSequenced, TestContext.Current.CancellationToken)).Problem);
        Assert.Equal(ReceiptProblem.BadSignature, (await _ledger.VerifyReceiptAsync(reHashed, TestContext.Current.CancellationToken)).Problem);
        Assert.Equal(ReceiptProblem.BadSignature, (await _ledger.VerifyReceiptAsync(reTimed, TestContext.Current.CancellationToken)).Problem);
        Assert.Equal(ReceiptProblem.BadSignature, reKeyed.CheckSignature(LedgerKeys.VerifyOnly([]))); // self-consistency: key swapped, signature not
    }

    [Fact]
    public async Task A_genuine_receipt_for_another_ledger_and_a_malformed_one_are_refused()
    {
        var elsewhere = SignedLedgerReceipt.Create("other-ledger", _receipt.ToLedgerReceipt(), _keys);

        Assert.Equal(ReceiptProblem.WrongLedger, (await _ledger.VerifyReceiptAsync(elsewhere, TestContext.Current.CancellationToken)).Problem);
        Assert.Equal(ReceiptProblem.Malformed, (await _ledger.VerifyReceiptAsync(_receipt with { Signature = "zz" }, TestContext.Current.CancellationToken)).Problem);
        Assert.Equal(ReceiptProblem.Malformed, (await _ledger.VerifyReceiptAsync(_receipt with { LedgerId = "bad id" }, TestContext.Current.CancellationToken)).Problem);
    }

    [Fact]
    public void The_json_form_round_trips_and_old_clients_read_it_as_the_unsigned_receipt()
    {
        var json = _receipt.ToJson();
        using var document = JsonDocument.Parse(json);

        Assert.Equal(["ledgerId", "sequence", "entryHash", "appendedAt", "publicKey", "signature"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(_receipt, SignedLedgerReceipt.FromJson(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(_receipt.ToLedgerReceipt(), JsonSerializer.Deserialize<LedgerReceipt>(json, PostalJson.Options));

        // A handheld may save the whole intake answer; the receipt inside it is read the same.
        var answer = JsonSerializer.SerializeToUtf8Bytes(new IntakeResult { Status = IntakeStatus.Accepted, WaybillNumber = TestLedger.Parcel(1).WaybillNumber, Receipt = _receipt }, PostalJson.Options);
        Assert.Equal(_receipt, SignedLedgerReceipt.FromJson(answer));
        Assert.Null(SignedLedgerReceipt.FromJson("not json"u8));
        Assert.Null(SignedLedgerReceipt.FromJson("{\"sequence\":1}"u8));
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property Changing_any_signed_field_breaks_the_signature(PositiveInt field, NonZeroInt delta)
    {
        var changed = (field.Get % 4) switch
        {
            0 => _receipt with { Sequence = Math.Max(1, _receipt.Sequence + delta.Get) },
            1 => _receipt with { AppendedAt = _receipt.AppendedAt.AddMilliseconds(delta.Get) },
            2 => _receipt with { LedgerId = "l" + (uint)delta.Get },
            _ => _receipt with { EntryHash = Flip(_receipt.EntryHash, Math.Abs(delta.Get % 64)) },
        };

        var unchanged = changed == _receipt;
        return (unchanged || changed.CheckSignature(_keys) == ReceiptProblem.BadSignature).ToProperty();
    }

    private static string Flip(string hex, int index)
    {
        var chars = hex.ToCharArray();
        chars[index] = chars[index] == '0' ? '1' : '0';
        return new string(chars);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _keys.Dispose();
    }
}
