using System.Text.RegularExpressions;
using EId.Postal.Ledger;
using Microsoft.Extensions.Options;

namespace EId.Postal.Storage;

/// <summary>Validates <see cref="PartitionedLedgerOptions"/> at start-up.</summary>
public sealed partial class PartitionedLedgerOptionsValidator : IValidateOptions<PartitionedLedgerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PartitionedLedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problems.Add("ConnectionString (PostgreSQL) is required.");
        }

        if (options.Schema is null || !SchemaName().IsMatch(options.Schema))
        {
            problems.Add("Schema must be lower-case letters, digits and '_' (at most 40), starting with a letter.");
        }

        if (options.Streams is < 1 or > StreamRouter.MaxStreams)
        {
            problems.Add($"Streams must be 1 to {StreamRouter.MaxStreams}.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex SchemaName();
}
