using EId.Postal.Analytics.Facts;
using EId.Postal.Ledger;
using EId.Postal.Outcomes;
using EId.Postal.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Postal.Analytics.Export;

/// <summary>
/// Exports pseudonymised parcel facts per day to <c>FactsDirectory/day=YYYY-MM-DD/part-0.parquet</c>: accepted parcels
/// from the ledger (decoded without opening any personal data), refusals from the intake outcomes. A day is written to
/// a temporary file and renamed over the old one, so a re-export replaces the day atomically and readers see the old
/// or the new file, never half of one.
/// </summary>
public sealed class ParcelFactExporter : IDisposable
{
    private readonly ILedgerStore _ledger;
    private readonly IIntakeOutcomeStore? _outcomes;
    private readonly PostalAnalyticsOptions _options;
    private readonly ExportTokenKey _tokens;
    private readonly ILogger<ParcelFactExporter> _logger;

    /// <summary>Creates the exporter.</summary>
    /// <param name="ledger">The ledger's store (only queried).</param>
    /// <param name="outcomes">The intake outcomes (refusals); null exports accepted parcels only.</param>
    /// <param name="options">Export settings.</param>
    /// <param name="logger">Logger.</param>
    public ParcelFactExporter(ILedgerStore ledger, IIntakeOutcomeStore? outcomes, IOptions<PostalAnalyticsOptions> options, ILogger<ParcelFactExporter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        _ledger = ledger;
        _outcomes = outcomes;
        _options = options.Value;
        _tokens = new ExportTokenKey(_options.ExportTokenKey);
        _logger = logger ?? NullLogger<ParcelFactExporter>.Instance;
    }

    /// <summary>Exports every day in [<paramref name="from"/>, <paramref name="to"/>], one after the other.</summary>
    public async ValueTask<IReadOnlyList<DayExport>> ExportAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentException("The period ends before it starts.", nameof(to));
        }

        var days = new List<DayExport>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            days.Add(await ExportDayAsync(day, cancellationToken).ConfigureAwait(false));
        }

        return days;
    }

    /// <summary>
    /// Exports one day (UTC), replacing any earlier export of it; a day without facts leaves no file.
    /// </summary>
    /// <exception cref="IOException">The export folder cannot be written.</exception>
    public async ValueTask<DayExport> ExportDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var root = _options.FactsDirectory;
        var folder = FactsPath.DayFolder(root, day);
        var target = FactsPath.DayFile(root, day);
        Directory.CreateDirectory(folder);

        // Hidden and not *.parquet, so a concurrent reader's day=*/*.parquet never picks it up.
        var temp = Path.Combine(folder, $".{FactsPath.PartFileName}.{Guid.NewGuid():N}.tmp");
        long accepted = 0, refusals = 0, skipped = 0;
        int rowGroups;
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var writer = await ParcelFactWriter.CreateAsync(stream, _options.RowGroupSize, cancellationToken).ConfigureAwait(false);
                await using (writer.ConfigureAwait(false))
                {
                    var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    var dayEnd = dayStart.AddDays(1);
                    await foreach (var entry in LedgerPeriodReader.ReadAsync(_ledger, dayStart, dayEnd, _options.LedgerPageSize, cancellationToken).ConfigureAwait(false))
                    {
                        var decoded = LedgerCodec.DecodeBody(entry.Body);
                        if (!decoded.IsSuccess)
                        {
                            skipped++;
                            _logger.LogWarning("Ledger entry {Sequence} cannot be decoded ({Reason}); left out of the export.", entry.Sequence, decoded.Error!.Reason);
                            continue;
                        }

                        await writer.AddAsync(FactOf(decoded.Value!.Parcel), cancellationToken).ConfigureAwait(false);
                        accepted++;
                    }

                    if (_outcomes is not null)
                    {
                        // Idempotent; a host that never recorded an outcome still gets an (empty) table to read.
                        await _outcomes.InitializeAsync(cancellationToken).ConfigureAwait(false);
                        await foreach (var outcome in _outcomes.ReadAsync(dayStart, dayEnd, cancellationToken).ConfigureAwait(false))
                        {
                            // Accepted parcels come from the ledger, the authoritative record; the outcomes add what it lacks.
                            if (outcome.Kind == IntakeOutcomeKind.Accepted)
                            {
                                continue;
                            }

                            await writer.AddAsync(FactOf(outcome), cancellationToken).ConfigureAwait(false);
                            refusals++;
                        }
                    }

                    await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                    rowGroups = writer.RowGroups;
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (accepted + refusals == 0)
            {
                File.Delete(temp);
                File.Delete(target);
                TryRemoveEmptyFolder(folder);
                _logger.LogInformation("Exported {Day}: no facts.", day);
                return new DayExport(day, 0, 0, skipped, 0, 0);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        var bytes = new FileInfo(target).Length;
        _logger.LogInformation("Exported {Day}: {Accepted} accepted, {Refusals} refused, {Bytes} bytes.", day, accepted, refusals, bytes);
        return new DayExport(day, accepted, refusals, skipped, bytes, rowGroups);
    }

    /// <summary>Clears the export token key.</summary>
    public void Dispose() => _tokens.Dispose();

    /// <summary>The fact of an accepted parcel (only its public fields are read).</summary>
    internal ParcelFact FactOf(ParcelRecord parcel) => new(
        IntakeOutcomeKind.Accepted,
        FactBuckets.Time(parcel.AcceptedAt, _options.TimeBucket),
        parcel.OriginRegion,
        parcel.DestinationRegion,
        parcel.ItemCategory,
        FactBuckets.Weight(parcel.WeightGrams, _options.WeightBucketBounds),
        parcel.Verification.Verdict.ToString(),
        parcel.Verification.Method,
        _tokens.TokenOf(parcel.SenderToken));

    /// <summary>The fact of a refusal.</summary>
    internal ParcelFact FactOf(IntakeOutcome outcome) => new(
        outcome.Kind,
        FactBuckets.Time(outcome.Hour, _options.TimeBucket),
        outcome.OriginRegion,
        outcome.DestinationRegion,
        outcome.ItemCategory,
        FactBuckets.Weight(outcome.WeightGrams, _options.WeightBucketBounds),
        outcome.Verdict?.ToString(),
        outcome.Method,
        null);

    private static void TryRemoveEmptyFolder(string folder)
    {
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }
}
