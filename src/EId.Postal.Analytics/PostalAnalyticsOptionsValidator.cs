using EId.Privacy;
using Microsoft.Extensions.Options;

namespace EId.Postal.Analytics;

/// <summary>Checks <see cref="PostalAnalyticsOptions"/> at start-up.</summary>
public sealed class PostalAnalyticsOptionsValidator : IValidateOptions<PostalAnalyticsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostalAnalyticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (FactsPath.Check(options.FactsDirectory) is { } pathProblem)
        {
            failures.Add($"FactsDirectory: {pathProblem}");
        }

        if (options.ExportTokenKey is not { Length: >= SubjectPseudonym.MinimumKeyLength })
        {
            failures.Add($"ExportTokenKey must be at least {SubjectPseudonym.MinimumKeyLength} bytes.");
        }

        if (!Enum.IsDefined(options.TimeBucket))
        {
            failures.Add("TimeBucket is not a known bucket.");
        }

        if (options.WeightBucketBounds is null || options.WeightBucketBounds.Length == 0
            || options.WeightBucketBounds[0] <= 0 || options.WeightBucketBounds.Zip(options.WeightBucketBounds.Skip(1)).Any(p => p.First >= p.Second))
        {
            failures.Add("WeightBucketBounds must be positive and strictly ascending.");
        }

        if (options.RowGroupSize is < 1_000 or > 10_000_000)
        {
            failures.Add("RowGroupSize must be between 1000 and 10 000 000.");
        }

        if (options.LedgerPageSize is < 100 or > 1_000_000)
        {
            failures.Add("LedgerPageSize must be between 100 and 1 000 000.");
        }

        if (options.OutcomeStorage is { } storage && !Enum.IsDefined(storage))
        {
            failures.Add("OutcomeStorage is not a known store.");
        }

        if (options.OutcomeSchema is { } schema && !System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z][a-z0-9_]{0,47}$"))
        {
            failures.Add("OutcomeSchema must be lower-case letters, digits and '_'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
