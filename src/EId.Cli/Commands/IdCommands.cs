using System.CommandLine;
using EId.Cli.Output;
using EId.Documents;
using EId.Documents.CitizenIds;

namespace EId.Cli.Commands;

/// <summary><c>eid id …</c>: GB 11643 citizen identity numbers.</summary>
public static class IdCommands
{
    /// <summary>Builds the <c>id</c> verb group.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var group = new Command("id", "GB 11643 citizen identity numbers.");
        group.Add(CreateCheck());
        group.Add(CreateGenerate());
        return group;
    }

    private static Command CreateGenerate()
    {
        var region = new Option<string>("--region") { Description = "Six-digit region code, e.g. 110105.", Required = true };
        var birth = new Option<DateOnly>("--birth") { Description = "Birth date, yyyy-MM-dd.", Required = true };
        var sequence = new Option<int>("--sequence") { Description = "Sequence 0-999: odd for a man, even for a woman.", Required = true };
        var generate = new Command("generate", "Build a valid synthetic number for a region, birth date and sequence (test and demo citizens).") { region, birth, sequence };
        generate.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            CitizenIdNumber id;
            try
            {
                id = CitizenIdNumber.Create(parseResult.GetRequiredValue(region), parseResult.GetValue(birth), parseResult.GetValue(sequence));
            }
            catch (ArgumentException ex)
            {
                return output.UsageError(ex.Message);
            }

            // Synthetic numbers are printed in full: generating them is the point.
            var result = new IdCheckResult(true, id.Value, id.BirthDate, id.Gender, id.RegionCode, id.ProvinceName, null, null, null);
            return output.Report(ExitCodes.Valid, result, (w, r) => w.WriteLine(r.Number));
        });
        return generate;
    }

    private static Command CreateCheck()
    {
        var number = new Argument<string>("number") { Description = "An 18-character number, or a 15-digit legacy number (upgraded)." };
        var unmasked = PiiDisplay.CreateOption();
        var check = new Command("check", "Validate a citizen identity number: length, characters, region, birth date, MOD 11-2 check character.")
        {
            number,
            unmasked,
        };
        check.SetAction(parseResult =>
        {
            var output = CommandOutput.From(parseResult);
            var pii = PiiDisplay.From(parseResult, unmasked);
            var input = parseResult.GetRequiredValue(number);
            var parsed = CitizenIdNumber.ParseAny(input, Reference.Today);
            if (!parsed.IsSuccess)
            {
                var failed = new IdCheckResult(false, pii.IdNumber(input.Trim()), null, null, null, null, null, parsed.Error.Reason.ToString(), parsed.Error.Message);
                return output.Report(ExitCodes.Invalid, failed, (w, r) => w.WriteLine($"invalid  {r.Number}  {r.Reason}: {r.Message}"));
            }

            var id = parsed.Value;
            var ok = new IdCheckResult(
                true,
                pii.IdNumber(id.Value),
                id.BirthDate,
                id.Gender,
                id.RegionCode,
                id.ProvinceName,
                input.Trim().Length == CitizenIdNumber.LegacyLength ? true : null,
                null,
                null);
            return output.Report(ExitCodes.Valid, ok, (w, r) =>
            {
                w.WriteLine($"valid    {r.Number}{(r.UpgradedFromLegacy == true ? "  (upgraded from 15 digits)" : string.Empty)}");
                w.WriteLine($"birth    {r.BirthDate:yyyy-MM-dd}");
                w.WriteLine($"sex      {r.Sex}");
                w.WriteLine($"region   {r.Region} ({r.Province})");
            });
        });
        return check;
    }

    /// <summary>The result of <c>eid id check</c>.</summary>
    /// <param name="Valid">Whether the number is valid.</param>
    /// <param name="Number">The number (masked unless <c>--unmasked</c>; upgraded when legacy).</param>
    /// <param name="BirthDate">Birth date.</param>
    /// <param name="Sex">Gender from the sequence digit.</param>
    /// <param name="Region">Six-digit region code.</param>
    /// <param name="Province">Province name.</param>
    /// <param name="UpgradedFromLegacy">True when a 15-digit number was upgraded.</param>
    /// <param name="Reason">Why the number is invalid.</param>
    /// <param name="Message">Explanation.</param>
    public sealed record IdCheckResult(
        bool Valid,
        string? Number,
        DateOnly? BirthDate,
        Gender? Sex,
        string? Region,
        string? Province,
        bool? UpgradedFromLegacy,
        string? Reason,
        string? Message);
}
