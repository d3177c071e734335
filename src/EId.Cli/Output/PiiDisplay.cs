using System.CommandLine;
using EId.Privacy;

namespace EId.Cli.Output;

/// <summary>
/// Masks personal data in verb output unless the caller passes <c>--unmasked</c>: terminal output ends up
/// in scroll-back, logs and tickets, so the safe form is the default.
/// </summary>
public sealed class PiiDisplay
{
    private PiiDisplay(bool unmasked) => Unmasked = unmasked;

    /// <summary>True when the caller asked to see the data in full.</summary>
    public bool Unmasked { get; }

    /// <summary>Creates the <c>--unmasked</c> option a verb adds when it prints personal data.</summary>
    /// <returns>A new option.</returns>
    public static Option<bool> CreateOption() => new("--unmasked")
    {
        Description = "Print ID numbers, names and addresses in full (default: masked).",
    };

    /// <summary>The display settings for this invocation.</summary>
    /// <param name="parseResult">The parse result.</param>
    /// <param name="option">The verb's <c>--unmasked</c> option.</param>
    /// <returns>The settings.</returns>
    public static PiiDisplay From(ParseResult parseResult, Option<bool> option)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new PiiDisplay(parseResult.GetValue(option));
    }

    /// <summary>An identity or document number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The number, masked unless unmasked.</returns>
    public string? IdNumber(string? value) => value is null ? null : Unmasked ? value : PiiMask.IdNumber(value);

    /// <summary>A name.</summary>
    /// <param name="value">The name.</param>
    /// <returns>The name, masked unless unmasked.</returns>
    public string? Name(string? value) => value is null ? null : Unmasked ? value : PiiMask.Name(value);

    /// <summary>Free text such as an address.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The text, masked unless unmasked.</returns>
    public string? Text(string? value) => value is null ? null : Unmasked ? value : PiiMask.Text(value);
}
