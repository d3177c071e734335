using System.CommandLine;
using EId.Cli.Output;
using EId.Postal.Ledger;

namespace EId.Cli.Commands;

/// <summary>
/// <c>eid ledger verify-tree-head</c>: the auditor's offline check of a partitioned ledger's signed tree head (public key only),
/// and of its consistency with an earlier one.
/// </summary>
public static class LedgerTreeHeadCommand
{
    /// <summary>Builds the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var treeHead = new Option<string>("--tree-head") { Description = "A signed tree head (TreeHeadCodec bytes) of a partitioned ledger.", Required = true };
        var publicKeys = new Option<string[]>("--public-key") { Description = "Trusted checkpoint public key (64 hex characters); repeatable.", Required = true };
        var previous = new Option<string?>("--previous-tree-head") { Description = "An earlier signed tree head: also check that it is a prefix-state of --tree-head." };
        var proof = new Option<string?>("--consistency-proof") { Description = "With --previous-tree-head: the consistency proof (MerkleProofCodec bytes) between them." };
        var command = new Command("verify-tree-head", "Check a signed tree head over all partition streams (and its consistency with an earlier one); prints OK or why not.") { treeHead, publicKeys, previous, proof };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            var trusted = new List<byte[]>();
            foreach (var hex in parseResult.GetValue(publicKeys) ?? [])
            {
                if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
                {
                    return output.UsageError("A checkpoint public key is 64 hex characters (32-byte raw Ed25519).");
                }

                trusted.Add(Convert.FromHexString(hex));
            }

            var previousPath = parseResult.GetValue(previous);
            var proofPath = parseResult.GetValue(proof);
            if ((previousPath is null) != (proofPath is null))
            {
                return output.UsageError("--previous-tree-head and --consistency-proof go together.");
            }

            foreach (var path in new[] { parseResult.GetRequiredValue(treeHead), previousPath, proofPath }.OfType<string>())
            {
                if (!File.Exists(path))
                {
                    return output.EnvironmentError($"No file at {path}.");
                }
            }

            using var keys = LedgerKeys.VerifyOnly(trusted);
            var head = TreeHeadCodec.Decode(await File.ReadAllBytesAsync(parseResult.GetRequiredValue(treeHead), cancellationToken).ConfigureAwait(false));
            if (!head.IsSuccess)
            {
                return output.Report(ExitCodes.Invalid, new TreeHeadResult(false, null, null, $"Malformed tree head: {head.Error.Reason}"), WriteHuman);
            }

            if (!TreeHeadVerifier.VerifySignature(head.Value, keys))
            {
                return output.Report(ExitCodes.Invalid, new TreeHeadResult(false, head.Value.TreeSize, null, "BadSignature"), WriteHuman);
            }

            TreeHeadConsistency? consistency = null;
            if (previousPath is not null && proofPath is not null)
            {
                var earlier = TreeHeadCodec.Decode(await File.ReadAllBytesAsync(previousPath, cancellationToken).ConfigureAwait(false));
                var decodedProof = MerkleProofCodec.Decode(await File.ReadAllBytesAsync(proofPath, cancellationToken).ConfigureAwait(false));
                if (!earlier.IsSuccess || !decodedProof.IsSuccess)
                {
                    return output.Report(ExitCodes.Invalid, new TreeHeadResult(false, head.Value.TreeSize, null, "Malformed previous tree head or consistency proof."), WriteHuman);
                }

                consistency = TreeHeadVerifier.VerifyConsistency(earlier.Value, head.Value, decodedProof.Value, keys);
            }

            var valid = consistency is null or TreeHeadConsistency.Consistent;
            var result = new TreeHeadResult(valid, head.Value.TreeSize, consistency, valid ? null : consistency.ToString())
            {
                LedgerId = head.Value.LedgerId,
                StreamCount = head.Value.StreamCount,
                Timestamp = head.Value.Timestamp,
            };
            return output.Report(valid ? ExitCodes.Valid : ExitCodes.Invalid, result, WriteHuman);
        });
        return command;
    }

    private static void WriteHuman(TextWriter w, TreeHeadResult r)
    {
        if (r.Valid)
        {
            w.WriteLine($"OK  tree head {r.TreeSize} of {r.LedgerId}: {r.StreamCount} streams, signed {r.Timestamp:O}{(r.Consistency is null ? string.Empty : ", consistent with the previous tree head")}");
        }
        else
        {
            w.WriteLine($"BAD tree head{(r.TreeSize is { } size ? $" {size}" : string.Empty)}: {r.Problem}");
        }
    }

    /// <summary>The result of <c>eid ledger verify-tree-head</c>.</summary>
    /// <param name="Valid">True when the signature (and the consistency, when asked) verified.</param>
    /// <param name="TreeSize">The tree head's size, when it parsed.</param>
    /// <param name="Consistency">The consistency check, when asked.</param>
    /// <param name="Problem">What failed, or null.</param>
    public sealed record TreeHeadResult(bool Valid, long? TreeSize, TreeHeadConsistency? Consistency, string? Problem)
    {
        /// <summary>The ledger the tree head names.</summary>
        public string? LedgerId { get; init; }

        /// <summary>How many streams it covers.</summary>
        public int? StreamCount { get; init; }

        /// <summary>When it was signed.</summary>
        public DateTimeOffset? Timestamp { get; init; }
    }
}
