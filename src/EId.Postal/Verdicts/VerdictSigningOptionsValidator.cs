using EId.Diagnostics;

namespace EId.Postal.Verdicts;

/// <summary>
/// The identity server's extra start-up check of <see cref="VerdictOptions"/> (registered by <c>AddEIdVerdictSigning</c>
/// beside <see cref="VerdictOptionsValidator"/>): a signer needs its key, a postal server that only verifies does not.
/// </summary>
internal sealed class VerdictSigningOptionsValidator : OptionsValidator<VerdictOptions>
{
    protected override void Collect(VerdictOptions options, List<string> problems)
    {
        if (options.SigningKey is not { Length: 32 })
        {
            problems.Add("SigningKey (the identity server's verdict key) is required.");
        }
    }
}
