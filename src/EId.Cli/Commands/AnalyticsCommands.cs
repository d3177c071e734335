using System.CommandLine;
using System.Globalization;
using EId.Cli.Output;
using EId.Postal.Analytics;
using EId.Postal.Analytics.Export;
using EId.Postal.Analytics.Statistics;
using EId.Postal.Outcomes;
using EId.Postal.Regulation;
using EId.Postal.Storage;
using Microsoft.Extensions.Options;

namespace EId.Cli.Commands;

/// <summary><c>eid ledger export-facts</c> and <c>eid ledger stats</c>: pseudonymised parcel facts (Parquet) and their statistics (DuckDB).</summary>
public static class AnalyticsCommands
{
    /// <summary>Adds the analytics verbs to the <c>ledger</c> group.</summary>
    /// <param name="ledger">The <c>ledger</c> command.</param>
    public static void AddTo(Command ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ledger.Add(CreateExport());
        ledger.Add(CreateStats());
    }

    private static Command CreateExport()
    {
        var db = new Option<string>("--db") { Description = "The ledger: SQLite file path, or a PostgreSQL connection string (Host=…).", Required = true };
        var schema = new Option<string>("--schema") { Description = "PostgreSQL schema of the ledger (and of the outcomes).", DefaultValueFactory = _ => "eid_postal" };
        var outcomesDb = new Option<string?>("--outcomes-db") { Description = "Where intake outcomes (refusals) are recorded; default the ledger's database. 'none' exports accepted parcels only." };
        var outDir = new Option<string>("--out") { Description = "The export folder (day=YYYY-MM-DD/part-0.parquet below it).", Required = true };
        var keyFile = new Option<string>("--export-key-file") { Description = "File holding the export token key: at least 32 bytes, raw or as hex text.", Required = true };
        var from = new Option<string>("--from") { Description = "First day (YYYY-MM-DD, UTC).", Required = true };
        var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD, UTC); default --from." };
        var bucket = new Option<FactTimeBucket>("--bucket") { Description = "Time bucket of the facts: Hour or Day.", DefaultValueFactory = _ => FactTimeBucket.Hour };
        var command = new Command("export-facts", "Export pseudonymised parcel facts (no names, ID numbers or phones; sender as an export token) to day-partitioned Parquet; a re-export replaces the day.")
        {
            db, schema, outcomesDb, outDir, keyFile, from, to, bucket,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            if (!TryPeriod(parseResult.GetRequiredValue(from), parseResult.GetValue(to), out var first, out var last, out var periodError))
            {
                return output.UsageError(periodError);
            }

            var keyPath = parseResult.GetRequiredValue(keyFile);
            if (!File.Exists(keyPath))
            {
                return output.EnvironmentError($"No export key file at {keyPath}.");
            }

            var key = ReadKey(await File.ReadAllBytesAsync(keyPath, cancellationToken).ConfigureAwait(false));
            var options = new PostalAnalyticsOptions
            {
                FactsDirectory = Path.GetFullPath(parseResult.GetRequiredValue(outDir)),
                ExportTokenKey = key,
                TimeBucket = parseResult.GetValue(bucket),
            };
            var invalid = new PostalAnalyticsOptionsValidator().Validate(null, options);
            if (invalid.Failed)
            {
                return output.UsageError(invalid.FailureMessage);
            }

            var target = parseResult.GetRequiredValue(db);
            var schemaName = parseResult.GetValue(schema) ?? "eid_postal";
            if (!IsPostgres(target) && !target.Contains('=', StringComparison.Ordinal) && !File.Exists(target))
            {
                return output.EnvironmentError($"No ledger file at {target}.");
            }

            var outcomesTarget = parseResult.GetValue(outcomesDb) ?? target;
            ILedgerStore store;
            IIntakeOutcomeStore? outcomes;
            try
            {
                store = IsPostgres(target) ? new PostgresLedgerStore(target, schemaName) : new SqliteLedgerStore(target);
                outcomes = outcomesTarget == "none" ? null
                    : IsPostgres(outcomesTarget) ? new PostgresIntakeOutcomeStore(outcomesTarget, schemaName)
                    : new SqliteIntakeOutcomeStore(outcomesTarget);
            }
            catch (ArgumentException ex)
            {
                return output.UsageError(ex.Message);
            }

            await using (store.ConfigureAwait(false))
            await using ((outcomes ?? (IAsyncDisposable)new InMemoryIntakeOutcomeStore()).ConfigureAwait(false))
            {
                if (outcomes is not null)
                {
                    // Creates the (empty) table when nothing was recorded yet; never touches ledger tables.
                    await outcomes.InitializeAsync(cancellationToken).ConfigureAwait(false);
                }

                using var exporter = new ParcelFactExporter(store, outcomes, Options.Create(options));
                IReadOnlyList<DayExport> days;
                try
                {
                    days = await exporter.ExportAsync(first, last, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
                {
                    return output.EnvironmentError($"The export failed: {ex.Message}");
                }

                return output.Report(ExitCodes.Valid, new ExportFactsResult(options.FactsDirectory, days), WriteExport);
            }
        });
        return command;
    }

    private static Command CreateStats()
    {
        var facts = new Option<string>("--facts") { Description = "The export folder written by export-facts.", Required = true };
        var from = new Option<string>("--from") { Description = "First day (YYYY-MM-DD, UTC).", Required = true };
        var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD, UTC); default --from." };
        var command = new Command("stats", "Parcels per region pair and day, prohibited-item refusals and identity-failure rates, from exported facts (DuckDB).") { facts, from, to };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = CommandOutput.From(parseResult);
            if (!TryPeriod(parseResult.GetRequiredValue(from), parseResult.GetValue(to), out var first, out var last, out var periodError))
            {
                return output.UsageError(periodError);
            }

            var folder = Path.GetFullPath(parseResult.GetRequiredValue(facts));
            if (FactsPath.Check(folder) is { } problem)
            {
                return output.UsageError($"--facts: {problem}");
            }

            if (!Directory.Exists(folder))
            {
                return output.EnvironmentError($"No facts folder at {folder}.");
            }

            IParcelStatistics statistics = new DuckDbParcelStatistics(folder);
            try
            {
                var pairs = await statistics.ParcelsPerRegionPairAndDayAsync(first, last, cancellationToken).ConfigureAwait(false);
                var outcomes = await statistics.IntakeOutcomesPerDayAsync(first, last, cancellationToken).ConfigureAwait(false);
                var days = outcomes.Select(o => new DayOutcomes(o.Day, o.Accepted, o.ProhibitedItemRefusals, o.VerificationFailures, Math.Round(o.VerificationFailureRate, 6))).ToList();
                return output.Report(ExitCodes.Valid, new StatsResult(first, last, pairs, days), WriteStats);
            }
            catch (ParcelFactsException ex)
            {
                return output.EnvironmentError($"The facts cannot be read ({ex.Reason}): {ex.Message}");
            }
        });
        return command;
    }

    private static void WriteExport(TextWriter w, ExportFactsResult r)
    {
        w.WriteLine($"Exported to {r.Directory}");
        w.WriteLine("day         accepted  refused  skipped       bytes");
        foreach (var d in r.Days)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Day:yyyy-MM-dd}  {d.Accepted,8}  {d.Refusals,7}  {d.SkippedEntries,7}  {d.FileBytes,10}"));
        }
    }

    private static void WriteStats(TextWriter w, StatsResult r)
    {
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Parcels per region pair and day, {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}"));
        w.WriteLine("day         origin  destination   parcels");
        foreach (var p in r.Pairs)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Day:yyyy-MM-dd}  {p.OriginRegion}  {p.DestinationRegion,-11}  {p.Parcels,8}"));
        }

        w.WriteLine();
        w.WriteLine("Intake outcomes per day");
        w.WriteLine("day         accepted  prohibited  identity-failed  failure-rate");
        foreach (var d in r.Days)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Day:yyyy-MM-dd}  {d.Accepted,8}  {d.ProhibitedItemRefusals,10}  {d.VerificationFailures,15}  {d.VerificationFailureRate,11:P2}"));
        }
    }

    private static bool TryPeriod(string fromText, string? toText, out DateOnly from, out DateOnly to, out string error)
    {
        to = default;
        error = string.Empty;
        if (!DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
        {
            error = "--from is a day as YYYY-MM-DD.";
            return false;
        }

        if (toText is null)
        {
            to = from;
            return true;
        }

        if (!DateOnly.TryParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out to))
        {
            error = "--to is a day as YYYY-MM-DD.";
            return false;
        }

        if (to < from || to.DayNumber - from.DayNumber > 3660)
        {
            error = "--to must be on or after --from, at most ten years later.";
            return false;
        }

        return true;
    }

    private static byte[] ReadKey(byte[] file)
    {
        // Hex text (as eid key tools write it) or raw bytes.
        var text = System.Text.Encoding.ASCII.GetString(file).Trim();
        return text.Length >= 64 && text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit) ? Convert.FromHexString(text) : file;
    }

    private static bool IsPostgres(string target) => target.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The result of <c>eid ledger export-facts</c>.</summary>
    /// <param name="Directory">The export folder.</param>
    /// <param name="Days">What each day wrote.</param>
    public sealed record ExportFactsResult(string Directory, IReadOnlyList<DayExport> Days);

    /// <summary>The result of <c>eid ledger stats</c>.</summary>
    /// <param name="From">First day.</param>
    /// <param name="To">Last day.</param>
    /// <param name="Pairs">Accepted parcels per day and region pair.</param>
    /// <param name="Days">Intake outcomes per day.</param>
    public sealed record StatsResult(DateOnly From, DateOnly To, IReadOnlyList<RegionPairDayCount> Pairs, IReadOnlyList<DayOutcomes> Days);

    /// <summary>One day's intake outcomes with the identity-failure rate.</summary>
    /// <param name="Day">The day.</param>
    /// <param name="Accepted">Accepted parcels.</param>
    /// <param name="ProhibitedItemRefusals">Prohibited-item refusals.</param>
    /// <param name="VerificationFailures">Identity-check failures.</param>
    /// <param name="VerificationFailureRate">Failures / decided parcels.</param>
    public sealed record DayOutcomes(DateOnly Day, long Accepted, long ProhibitedItemRefusals, long VerificationFailures, double VerificationFailureRate);
}
