using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EId.Diagnostics;

/// <summary>Start-up validation and configuration binding shared by the packages' <c>AddEId…</c> methods.</summary>
public static class OptionsChecks
{
    /// <summary>A problem when <paramref name="path"/> is set but names no file: "{option}: no file at {full path}."</summary>
    /// <param name="option">The option, e.g. <c>CredentialsOptions.SigningKeyPath</c>.</param>
    /// <param name="path">The configured path (null: not set, no problem).</param>
    /// <returns>The problem, or null.</returns>
    public static string? MissingFile(string option, string? path) =>
        string.IsNullOrEmpty(path) || File.Exists(path) ? null : $"{option}: no file at {Path.GetFullPath(path)}.";

    /// <summary>
    /// Validates the options on start with <paramref name="problems"/>, whose messages may name the values (paths) they found
    /// wrong, unlike <see cref="OptionsBuilder{TOptions}.Validate(Func{TOptions, bool}, string)"/>. Null entries are ignored.
    /// </summary>
    /// <typeparam name="TOptions">The options.</typeparam>
    /// <param name="builder">The options builder.</param>
    /// <param name="problems">The problems of one options value.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static OptionsBuilder<TOptions> ValidateProblems<TOptions>(this OptionsBuilder<TOptions> builder, Func<TOptions, IEnumerable<string?>> problems)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(problems);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new ProblemValidator<TOptions>(builder.Name, problems));
        return builder.ValidateOnStart();
    }

    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="configuration"/> (the <c>AddEId…(IConfiguration)</c> overloads).</summary>
    /// <typeparam name="TOptions">The options.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section of the package's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection BindEIdOptions<TOptions>(this IServiceCollection services, IConfiguration configuration)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TOptions>().Bind(configuration);
        return services;
    }

    private sealed class ProblemValidator<TOptions>(string? name, Func<TOptions, IEnumerable<string?>> problems) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            if (name is not null && optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var found = problems(options).OfType<string>().ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
