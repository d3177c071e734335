using Microsoft.Extensions.Options;

namespace EId.Documents;

/// <summary>Reports every problem of <see cref="DocumentOptions"/> at start-up (see <see cref="DocumentOptions.Validate"/>).</summary>
internal sealed class DocumentOptionsValidator : IValidateOptions<DocumentOptions>
{
    public ValidateOptionsResult Validate(string? name, DocumentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
