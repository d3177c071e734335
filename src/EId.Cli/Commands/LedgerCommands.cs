using System.CommandLine;
using EId.Cli.Output;
using EId.Postal;
using EId.Postal.Ledger;
using EId.Postal.Storage;

namespace EId.Cli.Commands;

/// <summary><c>eid ledger …</c>: checks on the postal server's hash-chained parcel ledger.</summary>
public static class LedgerCommands
{
    /// <summary>Builds the <c>ledger</c> verb group.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var group = new Command("ledger", "The hash-chained parcel ledger (SQLite file or PostgreSQL).");
        group.Add(CreateVerify());
        group.Add(LedgerTreeHeadCommand.Create());
        AnalyticsCommands.AddTo(group);
        return group;
    }

    private static Command CreateVerify()
    {
        var db = new Option<string>("--db") { Description = "SQLite file path, or a PostgreSQL connection string (Host=…).", Required = true };
        var schema = new Option<string>("--schema") { Description = "PostgreSQL schema of the ledger.", DefaultValueFactory = _ => "eid_postal" };
        var publicKeys = new Option<string[]>("--public-key")
        {
            Description = "Trusted checkpoint public key (64 hex characters); repeatable. Without one, checkpoints are only checked against their own embedded key.",
            AllowMultipleArgumentsPerToken = false,
        };
        var receiptFile = new Option<string?>("--receipt")
        {
            Description = "A signed ledger receipt (its JSON, or a saved intake answer holding one): also prove that its entry is still in the ledger, unchanged.",
        };
        var ledgerId = new Option<string?>("--ledger-id") { Description = "With --receipt: the ledger's id; a receipt for another ledger is refused." };
        var command = new Command("verify", "Recompute the hash chain and check the signed checkpoints (and a receipt); prints OK or the first bad entry and why.") { db, schema, publicKeys, receiptFile, ledgerId };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            var target = parseResult.GetRequiredValue(db);
            var trusted = new List<byte[]>();
            foreach (var hex in parseResult.GetValue(publicKeys) ?? [])
            {
                if (hex.Length != 64 || !IsHex(hex))
                {
                    return output.UsageError("A checkpoint public key is 64 hex characters (32-byte raw Ed25519).");
                }

                trusted.Add(Convert.FromHexString(hex));
            }

            SignedLedgerReceipt? receipt = null;
            if (parseResult.GetValue(receiptFile) is { } receiptPath)
            {
                if (!File.Exists(receiptPath))
                {
                    return output.EnvironmentError($"No receipt file at {receiptPath}.");
                }

                receipt = SignedLedgerReceipt.FromJson(await File.ReadAllBytesAsync(receiptPath, cancellationToken).ConfigureAwait(false));
                if (receipt is null)
                {
                    var notReceipt = new LedgerVerifyResult(false, 0, null, null, null, trusted.Count > 0) { Receipt = new ReceiptVerification(0, ReceiptProblem.Malformed, "The file is not a signed ledger receipt.") };
                    return output.Report(ExitCodes.Invalid, notReceipt, WriteHuman);
                }
            }

            var isPostgres = target.Contains("Host=", StringComparison.OrdinalIgnoreCase);
            if (!isPostgres && !target.Contains('=', StringComparison.Ordinal) && !File.Exists(target))
            {
                return output.EnvironmentError($"No ledger file at {target}.");
            }

            ILedgerStore store;
            try
            {
                store = isPostgres ? new PostgresLedgerStore(target, parseResult.GetValue(schema) ?? "eid_postal") : new SqliteLedgerStore(target);
            }
            catch (ArgumentException ex)
            {
                return output.UsageError(ex.Message);
            }

            await using (store.ConfigureAwait(false))
            {
                using var keys = LedgerKeys.VerifyOnly(trusted);
                var verification = await ChainVerifier.VerifyAsync(store, keys, cancellationToken).ConfigureAwait(false);
                var receiptCheck = receipt is null ? null : await ReceiptVerifier.VerifyAsync(store, receipt, keys, parseResult.GetValue(ledgerId), cancellationToken).ConfigureAwait(false);
                var result = new LedgerVerifyResult(verification.IsIntact, verification.EntriesChecked, verification.FirstBadSequence, verification.Reason, verification.Problem, trusted.Count > 0) { Receipt = receiptCheck };
                return output.Report(result.Intact && receiptCheck?.IsValid != false ? ExitCodes.Valid : ExitCodes.Invalid, result, WriteHuman);
            }
        });
        return command;
    }

    private static void WriteHuman(TextWriter w, LedgerVerifyResult r)
    {
        if (r.Receipt is { } receipt)
        {
            // The receipt first: it is what the operator asked about, and a truncated ledger can still verify as a chain.
            w.WriteLine(receipt.IsValid
                ? $"OK  receipt for entry {receipt.Sequence}: the entry is in the ledger, unchanged"
                : $"BAD receipt for entry {receipt.Sequence}: {receipt.Problem}");
            if (!receipt.IsValid)
            {
                w.WriteLine($"    {receipt.Message}");
                return;
            }
        }

        if (r.Intact)
        {
            w.WriteLine($"OK  {r.EntriesChecked} entries verified{(r.KeysPinned ? string.Empty : " (checkpoint keys not pinned: pass --public-key)")}");
        }
        else
        {
            w.WriteLine($"BAD entry {r.FirstBadSequence}: {r.Reason}");
            w.WriteLine($"    {r.Problem}");
            w.WriteLine($"    entries 1..{r.EntriesChecked} verified");
        }
    }

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);

    /// <summary>The result of <c>eid ledger verify</c>.</summary>
    /// <param name="Intact">True when the chain and all checkpoints verified.</param>
    /// <param name="EntriesChecked">Entries verified before the first bad one (or all).</param>
    /// <param name="FirstBadSequence">The first bad entry, if any.</param>
    /// <param name="Reason">What is wrong with it.</param>
    /// <param name="Problem">Human-readable detail.</param>
    /// <param name="KeysPinned">True when checkpoint signatures were checked against keys given with <c>--public-key</c>.</param>
    public sealed record LedgerVerifyResult(bool Intact, long EntriesChecked, long? FirstBadSequence, ChainProblem? Reason, string? Problem, bool KeysPinned)
    {
        /// <summary>The receipt check, when <c>--receipt</c> was given.</summary>
        public ReceiptVerification? Receipt { get; init; }
    }
}
