using Microsoft.Extensions.Options;

namespace EId.Diagnostics;

/// <summary>
/// The <see cref="IValidateOptions{TOptions}"/> behind the packages' <c>XOptionsValidator</c> classes: collects every problem of
/// an options value, so start-up fails once with all of them rather than with the first.
/// </summary>
/// <typeparam name="TOptions">The options.</typeparam>
public abstract class OptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Collect(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Adds every problem of <paramref name="options"/> to <paramref name="problems"/> (a message each, naming the setting).</summary>
    /// <param name="options">The options value.</param>
    /// <param name="problems">Where to add the problems.</param>
    protected abstract void Collect(TOptions options, List<string> problems);
}
