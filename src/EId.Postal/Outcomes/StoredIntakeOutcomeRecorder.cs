using EId.Postal.Courier;
using EId.Postal.Parcels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Postal.Outcomes;

/// <summary>
/// Records intake decisions into an <see cref="IIntakeOutcomeStore"/>. A store failure is logged and swallowed: the
/// handheld's answer (and, for an accepted parcel, the ledger entry) must not depend on statistics.
/// </summary>
public sealed class StoredIntakeOutcomeRecorder : IIntakeOutcomeRecorder, IDisposable
{
    private readonly IIntakeOutcomeStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<StoredIntakeOutcomeRecorder> _logger;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates the recorder.</summary>
    /// <param name="store">Where outcomes go.</param>
    /// <param name="time">Clock (the decision time is cut to the hour).</param>
    /// <param name="logger">Logger.</param>
    public StoredIntakeOutcomeRecorder(IIntakeOutcomeStore store, TimeProvider time, ILogger<StoredIntakeOutcomeRecorder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _logger = logger ?? NullLogger<StoredIntakeOutcomeRecorder>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(ParcelDetails parcel, string? method, IntakeResult result, CancellationToken cancellationToken = default)
    {
        if (IntakeOutcome.Of(parcel, method, result, _time.GetUtcNow()) is not { } outcome)
        {
            return;
        }

        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            await _store.AppendAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No waybill or sender in the message: the outcome itself is all that is lost.
            _logger.LogWarning(ex, "Could not record an intake outcome ({Kind}); statistics will miss it.", outcome.Kind);
        }
    }

    /// <summary>Releases the initialisation lock (the store belongs to the caller).</summary>
    public void Dispose() => _initLock.Dispose();

    private async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initLock.Release();
        }
    }
}
