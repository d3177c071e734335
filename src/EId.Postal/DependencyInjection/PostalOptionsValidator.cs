using System.Text.RegularExpressions;
using EId.Postal.Ledger;
using EId.Postal.Parcels;
using EId.Storage;
using Microsoft.Extensions.Options;

namespace EId.Postal;

/// <summary>Validates <see cref="PostalOptions"/> on start, naming every problem.</summary>
internal sealed partial class PostalOptionsValidator : IValidateOptions<PostalOptions>
{
    public ValidateOptionsResult Validate(string? name, PostalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Check(problems, options.CheckpointInterval > 0, "CheckpointInterval must be positive.");
        Check(problems, options.CheckpointPeriod > TimeSpan.Zero || options.CheckpointPeriod == Timeout.InfiniteTimeSpan, "CheckpointPeriod must be positive (or infinite to turn time checkpoints off).");
        Check(problems, SignedLedgerReceipt.IsLedgerId(options.LedgerId), "LedgerId must be 1 to 64 letters, digits or '._:-'.");
        Check(problems, options.CheckpointSigningKey is { Length: 32 }, "CheckpointSigningKey (checkpoints and receipts) must be a 32-byte raw Ed25519 private key.");
        Check(problems, options.KeyEncryptionKey is { Length: 32 }, "KeyEncryptionKey must be 32 bytes.");
        Check(problems, options.SenderTokenKey is { Length: >= 32 }, "SenderTokenKey must be at least 32 bytes.");
        Check(problems, options.TrustedCheckpointKeys.All(k => k is { Length: 32 }), "Trusted checkpoint keys are 32-byte raw Ed25519 public keys.");
        problems.AddRange(options.Storage.Problems("PostalOptions.Storage"));

        // Partition names append a suffix to the schema's tables: the ledger keeps schemas shorter than PostgreSQL allows.
        Check(problems, options.Storage.Backend != StorageBackend.Postgres || options.Storage.PostgresSchema is null || LedgerSchema().IsMatch(options.Storage.PostgresSchema), "PostalOptions.Storage.PostgresSchema must be at most 48 lower-case letters, digits and '_', starting with a letter.");
        Check(problems, options.Streams is >= 1 and <= StreamRouter.MaxStreams, $"PostalOptions.Streams must be 1 to {StreamRouter.MaxStreams}.");
        Check(problems, options.Streams <= 1 || options.Storage.Backend == StorageBackend.Postgres, "PostalOptions.Streams above 1 (the partitioned ledger) needs the Postgres storage backend.");
        Check(problems, options.Streams <= 1 || options.Storage.PostgresSchema is null || options.Storage.PostgresSchema.Length <= 40, "PostalOptions.Storage.PostgresSchema must be at most 40 characters for the partitioned ledger.");
        Check(problems, options.Streams <= 1 || SignedLedgerReceipt.IsLedgerId($"{options.LedgerId}:{options.Streams - 1}"), "LedgerId must leave room for the ':<stream>' suffix of each stream.");
        Check(problems, options.MaxWeightGrams > 0, "MaxWeightGrams must be positive.");
        Check(problems, !string.IsNullOrWhiteSpace(options.VerifierId) && options.VerifierId.Length <= ParcelRules.MaxIdentifierLength, "VerifierId is required (at most 64 characters).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Check(List<string> problems, bool ok, string problem)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,47}$", RegexOptions.CultureInvariant)]
    private static partial Regex LedgerSchema();
}
