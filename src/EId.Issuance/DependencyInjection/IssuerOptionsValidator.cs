using EId.Diagnostics;
using EId.Issuance.Issuing;

namespace EId.Issuance;

/// <summary>Reports every problem of <see cref="IssuerOptions"/> at start-up (registered by <c>AddEIdIssuance</c> with <c>ValidateOnStart</c>).</summary>
internal sealed class IssuerOptionsValidator : OptionsValidator<IssuerOptions>
{
    protected override void Collect(IssuerOptions options, List<string> problems)
    {
        if (options.CredentialValidity <= TimeSpan.Zero || options.CredentialValidity > TimeSpan.FromDays(30))
        {
            problems.Add("CredentialValidity must be positive and at most 30 days.");
        }

        if (!Enum.IsDefined(options.ReferencePortrait))
        {
            problems.Add("ReferencePortrait is not a known value.");
        }

        if ((options.CredentialFace & ~(CredentialFace.Thumbnail | CredentialFace.Template)) != 0)
        {
            problems.Add("CredentialFace has unknown flags.");
        }

        if (options.MaxFrames is < 1 or > 100)
        {
            problems.Add("MaxFrames must be between 1 and 100.");
        }

        if (options.CredentialFaceCacheCapacity < 0)
        {
            problems.Add("CredentialFaceCacheCapacity must not be negative.");
        }

        if (options.FrameParallelism is < 1 or > 64)
        {
            problems.Add("FrameParallelism must be between 1 and 64.");
        }

        if (string.IsNullOrWhiteSpace(options.GatewayAction))
        {
            problems.Add("GatewayAction is required.");
        }

        problems.AddRange(options.Journal.Problems("IssuerOptions.Journal"));

        if (options.JournalKey is not null && options.JournalKey.Length != 32)
        {
            problems.Add("JournalKey must be 32 bytes (or null for a random key per process).");
        }

        if (options.JournalRetention <= TimeSpan.Zero || options.PendingTimeout <= TimeSpan.Zero)
        {
            problems.Add("JournalRetention and PendingTimeout must be positive.");
        }
    }
}
