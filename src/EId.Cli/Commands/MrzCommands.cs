using System.CommandLine;
using EId.Cli.Output;
using EId.Documents;
using EId.Documents.Mrz;

namespace EId.Cli.Commands;

/// <summary><c>eid mrz …</c>: ICAO 9303 machine-readable zones.</summary>
public static class MrzCommands
{
    /// <summary>Builds the <c>mrz</c> verb group.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var group = new Command("mrz", "ICAO 9303 machine-readable zones (TD1, TD2, TD3).");
        group.Add(CreateParse());
        return group;
    }

    private static Command CreateParse()
    {
        var lines = new Argument<string[]>("line") { Description = "The MRZ lines (quote each: '<' is special to shells).", Arity = ArgumentArity.OneOrMore };
        var unmasked = PiiDisplay.CreateOption();
        var parse = new Command("parse", "Parse an MRZ and verify every check digit.") { lines, unmasked };
        parse.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var pii = PiiDisplay.From(parseResult, unmasked);
            var parsed = MrzParser.Parse(parseResult.GetRequiredValue(lines), Reference.Today);
            if (!parsed.IsSuccess)
            {
                var failed = new MrzParseResult(false, null, null, parsed.Error.Reason.ToString(), parsed.Error.Message);
                return output.Report(ExitCodes.Invalid, failed, (w, r) => w.WriteLine($"invalid  {r.Reason}: {r.Message}"));
            }

            var mrz = parsed.Value;
            var ok = new MrzParseResult(true, mrz.Format.ToString(), DocumentView.From(mrz.ToIdentityDocument(), pii), null, null);
            return output.Report(ExitCodes.Valid, ok, (w, r) =>
            {
                w.WriteLine($"valid        {r.Format}, all check digits match");
                r.Document!.WriteTo(w);
            });
        });
        return parse;
    }

    /// <summary>The result of <c>eid mrz parse</c>.</summary>
    /// <param name="Valid">Whether the MRZ parsed with all check digits.</param>
    /// <param name="Format">TD1, TD2 or TD3.</param>
    /// <param name="Document">The document fields.</param>
    /// <param name="Reason">Why it is invalid.</param>
    /// <param name="Message">Explanation.</param>
    public sealed record MrzParseResult(bool Valid, string? Format, DocumentView? Document, string? Reason, string? Message);
}
