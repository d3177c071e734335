using Microsoft.Extensions.Options;

namespace EId.Registry;

/// <summary>Validates <see cref="RegistryOptions"/> on start, naming every problem.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
