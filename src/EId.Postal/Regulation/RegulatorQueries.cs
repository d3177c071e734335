using System.Globalization;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Regions;
using EId.Postal.Storage;
using EId.Postal.Waybills;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Postal.Regulation;

/// <summary>
/// The regulator's queries over the ledger: trace by waybill, all parcels of a sender in a period,
/// parcels by region and period. Each query checks the officer's role and is written to the audit
/// log (allowed or not) before any answer is returned; sender identifiers appear in the log only as
/// tokens. Personal data is decrypted only for officers holding <see cref="RegulatorRoles.ReadPersonalData"/>.
/// </summary>
public sealed class RegulatorQueries
{
    /// <summary>Longest period a search may span.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    /// <summary>Most parcels one search returns.</summary>
    public const int MaxResults = 10_000;

    private readonly IParcelLedgerSet _ledger;
    private readonly SenderTokenKey _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger<RegulatorQueries> _logger;

    /// <summary>Creates the query service over one ledger or the streams of the partitioned one (traces read the owning stream, searches fan out over all; the audit log is stream 0's).</summary>
    public RegulatorQueries(IParcelLedgerSet ledger, SenderTokenKey tokens, TimeProvider time, ILogger<RegulatorQueries>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(time);
        _ledger = ledger;
        _tokens = tokens;
        _time = time;
        _logger = logger ?? NullLogger<RegulatorQueries>.Instance;
    }

    /// <summary>Traces one parcel by waybill number (role <see cref="RegulatorRoles.Trace"/>).</summary>
    public async ValueTask<Result<ParcelRecord, Failure<QueryError>>> TraceAsync(RegulatorPrincipal officer, string waybillNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(officer);
        var parameters = $"waybill={Clip(waybillNumber)}";
        if (!await AuthoriseAsync(officer, RegulatorRoles.Trace, "trace", parameters, cancellationToken).ConfigureAwait(false))
        {
            return Denied();
        }

        var parsed = WaybillNumber.Parse(waybillNumber);
        if (!parsed.IsSuccess)
        {
            await AuditAsync(officer, "trace", parameters, true, 0, cancellationToken).ConfigureAwait(false);
            return new Failure<QueryError>(QueryError.BadInput, parsed.Error.Message);
        }

        var record = CanReadPii(officer)
            ? await _ledger.ForWaybill(parsed.Value.Value).FindAsync(parsed.Value.Value, cancellationToken).ConfigureAwait(false)
            : await _ledger.ForWaybill(parsed.Value.Value).FindPublicAsync(parsed.Value.Value, cancellationToken).ConfigureAwait(false);
        await AuditAsync(officer, "trace", parameters, true, record is null ? 0 : 1, cancellationToken).ConfigureAwait(false);
        return record is null ? new Failure<QueryError>(QueryError.NotFound, "No parcel has this waybill number.") : record;
    }

    /// <summary>All parcels of a sender (by token) accepted in [<paramref name="from"/>, <paramref name="to"/>) (role <see cref="RegulatorRoles.SenderSearch"/>).</summary>
    public async ValueTask<Result<IReadOnlyList<ParcelRecord>, Failure<QueryError>>> SenderParcelsAsync(RegulatorPrincipal officer, string senderToken, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(officer);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"token={Clip(senderToken)} from={from:O} to={to:O}");
        if (!await AuthoriseAsync(officer, RegulatorRoles.SenderSearch, "sender", parameters, cancellationToken).ConfigureAwait(false))
        {
            return Denied();
        }

        var problem = string.IsNullOrWhiteSpace(senderToken) || senderToken.Length > 64 ? "The sender token is empty or too long." : PeriodError(from, to);
        if (problem is not null)
        {
            await AuditAsync(officer, "sender", parameters, true, 0, cancellationToken).ConfigureAwait(false);
            return new Failure<QueryError>(QueryError.BadInput, problem);
        }

        var records = await _ledger.QueryAsync(new LedgerQuery { From = from, To = to, SenderToken = senderToken, Limit = MaxResults }, CanReadPii(officer), cancellationToken).ConfigureAwait(false);
        await AuditAsync(officer, "sender", parameters, true, records.Count, cancellationToken).ConfigureAwait(false);
        return Result<IReadOnlyList<ParcelRecord>, Failure<QueryError>>.Success(records);
    }

    /// <summary>
    /// All parcels of the sender with <paramref name="idNumber"/>: the number is turned into the
    /// sender token at once and only the token is logged.
    /// </summary>
    public ValueTask<Result<IReadOnlyList<ParcelRecord>, Failure<QueryError>>> SenderParcelsByIdNumberAsync(RegulatorPrincipal officer, string idNumber, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        return SenderParcelsAsync(officer, _tokens.TokenOf(idNumber), from, to, cancellationToken);
    }

    /// <summary>
    /// Parcels whose origin and/or destination lies in a region (a province or city code covers all
    /// codes under it), accepted in [<paramref name="from"/>, <paramref name="to"/>) (role <see cref="RegulatorRoles.RegionSearch"/>).
    /// </summary>
    public async ValueTask<Result<IReadOnlyList<ParcelRecord>, Failure<QueryError>>> RegionParcelsAsync(RegulatorPrincipal officer, string regionCode, RegionSide side, DateTimeOffset from, DateTimeOffset to, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(officer);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"region={Clip(regionCode)} side={side} from={from:O} to={to:O} limit={limit}");
        if (!await AuthoriseAsync(officer, RegulatorRoles.RegionSearch, "region", parameters, cancellationToken).ConfigureAwait(false))
        {
            return Denied();
        }

        var region = RegionCode.Parse(regionCode);
        var problem = !region.IsSuccess ? region.Error.Message
            : limit is < 1 or > MaxResults ? $"The limit must be between 1 and {MaxResults}."
            : !Enum.IsDefined(side) ? "Unknown region side."
            : PeriodError(from, to);
        if (problem is not null)
        {
            await AuditAsync(officer, "region", parameters, true, 0, cancellationToken).ConfigureAwait(false);
            return new Failure<QueryError>(QueryError.BadInput, problem);
        }

        var (low, high) = region.Value.Range;
        var records = await _ledger.QueryAsync(new LedgerQuery { From = from, To = to, RegionLow = low, RegionHigh = high, Side = side, Limit = limit }, CanReadPii(officer), cancellationToken).ConfigureAwait(false);
        await AuditAsync(officer, "region", parameters, true, records.Count, cancellationToken).ConfigureAwait(false);
        return Result<IReadOnlyList<ParcelRecord>, Failure<QueryError>>.Success(records);
    }

    /// <summary>Reads the audit log for a period (role <see cref="RegulatorRoles.Audit"/>); reading it is itself audited.</summary>
    public async ValueTask<Result<IReadOnlyList<RegulatorAuditRecord>, Failure<QueryError>>> AuditTrailAsync(RegulatorPrincipal officer, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(officer);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"from={from:O} to={to:O}");
        if (!await AuthoriseAsync(officer, RegulatorRoles.Audit, "audit", parameters, cancellationToken).ConfigureAwait(false))
        {
            return Denied();
        }

        var records = await _ledger.Streams[0].Store.ReadAuditAsync(from, to, cancellationToken).ConfigureAwait(false);
        await AuditAsync(officer, "audit", parameters, true, records.Count, cancellationToken).ConfigureAwait(false);
        return Result<IReadOnlyList<RegulatorAuditRecord>, Failure<QueryError>>.Success(records);
    }

    private static bool CanReadPii(RegulatorPrincipal officer) => officer.Roles.HasFlag(RegulatorRoles.ReadPersonalData);

    private async ValueTask<bool> AuthoriseAsync(RegulatorPrincipal officer, RegulatorRoles needed, string query, string parameters, CancellationToken cancellationToken)
    {
        if (officer.Roles.HasFlag(needed) && !string.IsNullOrWhiteSpace(officer.OfficerId))
        {
            return true;
        }

        _logger.LogWarning("Regulator query {Query} refused: officer {Officer} lacks role {Role}.", query, Clip(officer.OfficerId), needed);
        await AuditAsync(officer, query, parameters, false, 0, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private async ValueTask AuditAsync(RegulatorPrincipal officer, string query, string parameters, bool allowed, int count, CancellationToken cancellationToken)
    {
        var audit = _ledger.Streams[0];
        await audit.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var record = new RegulatorAuditRecord(_time.GetUtcNow(), Clip(officer.OfficerId), officer.Roles.ToString(), query, parameters, allowed, count);
        await audit.Store.AppendAuditAsync(record, cancellationToken).ConfigureAwait(false);
    }

    private static string? PeriodError(DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? "The period ends before it starts."
        : to - from > MaxPeriod ? $"A period spans at most {MaxPeriod.TotalDays:0} days."
        : null;

    private static Failure<QueryError> Denied() => new(QueryError.Unauthorized, "The officer lacks the role this query needs.");

    // Parameters are echoed into the audit log: keep them short and single-line whatever the caller sent.
    private static string Clip(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var clipped = value.Length > 64 ? value[..64] : value;
        return string.Concat(clipped.Select(c => char.IsControl(c) ? '?' : c));
    }
}
