using Microsoft.Extensions.Options;

namespace EId.Issuance.Issuing;

/// <summary>Validates <see cref="IssuerOptions"/> on start, naming every problem (see <see cref="IssuerOptions.Validate"/>).</summary>
internal sealed class IssuerOptionsValidator : IValidateOptions<IssuerOptions>
{
    public ValidateOptionsResult Validate(string? name, IssuerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
