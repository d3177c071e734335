namespace EId.Registry.Storage;

/// <summary>An identity registry held in memory (tests, demos). Same contract as <see cref="SqliteIdentityRegistry"/>.</summary>
public sealed class InMemoryIdentityRegistry : IIdentityRegistry, IIdentityRegistryAdmin
{
    private readonly Dictionary<string, CitizenRecord> _citizens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuanceRecord> _bySerial = new(StringComparer.Ordinal);
    private readonly List<IssuanceRecord> _issuances = [];
    private readonly Lock _gate = new();

    /// <summary>The metrics and activities of this registry (meter and activity source <see cref="RegistryTelemetry.SourceName"/>).</summary>
    public RegistryTelemetry Telemetry { get; init; } = RegistryTelemetry.Shared;

    /// <inheritdoc />
    public ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupAsync(string idNumber, CancellationToken cancellationToken = default) =>
        RegistryTelemetry.MeasureAsync(Telemetry.Lookup, "memory", () => LookupCoreAsync(idNumber, cancellationToken));

    private ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupCoreAsync(string idNumber, CancellationToken cancellationToken)
    {
        if (RegistryRules.CheckIdNumber(idNumber) is { } bad)
        {
            return ValueTask.FromResult<Result<CitizenRecord, Failure<RegistryError>>>(bad);
        }

        lock (_gate)
        {
            return ValueTask.FromResult<Result<CitizenRecord, Failure<RegistryError>>>(
                _citizens.TryGetValue(idNumber, out var citizen) ? citizen : RegistryRules.NotFound(idNumber));
        }
    }

    /// <inheritdoc />
    public ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceAsync(IssuanceRecord issuance, CancellationToken cancellationToken = default) =>
        RegistryTelemetry.MeasureAsync(Telemetry.Write, "memory", () => RecordIssuanceCoreAsync(issuance, cancellationToken));

    private ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceCoreAsync(IssuanceRecord issuance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        return ValueTask.FromResult(Record(issuance));
    }

    /// <inheritdoc />
    public ValueTask<Result<int, Failure<RegistryError>>> UpsertCitizensAsync(IReadOnlyList<CitizenRecord> citizens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(citizens);
        foreach (var citizen in citizens)
        {
            if (RegistryRules.CheckCitizen(citizen) is { } bad)
            {
                return ValueTask.FromResult<Result<int, Failure<RegistryError>>>(bad);
            }
        }

        lock (_gate)
        {
            foreach (var citizen in citizens)
            {
                _citizens[citizen.IdNumber] = citizen;
            }
        }

        return ValueTask.FromResult<Result<int, Failure<RegistryError>>>(citizens.Count);
    }

    /// <inheritdoc />
    public ValueTask<Result<CitizenRecord, Failure<RegistryError>>> SetStatusAsync(string idNumber, CitizenStatus status, CancellationToken cancellationToken = default)
    {
        if (RegistryRules.CheckIdNumber(idNumber) is { } bad)
        {
            return ValueTask.FromResult<Result<CitizenRecord, Failure<RegistryError>>>(bad);
        }

        if (!Enum.IsDefined(status))
        {
            return ValueTask.FromResult<Result<CitizenRecord, Failure<RegistryError>>>(new Failure<RegistryError>(RegistryError.BadRequest, "Undefined status."));
        }

        lock (_gate)
        {
            if (!_citizens.TryGetValue(idNumber, out var citizen))
            {
                return ValueTask.FromResult<Result<CitizenRecord, Failure<RegistryError>>>(RegistryRules.NotFound(idNumber));
            }

            var updated = citizen with { Status = status };
            _citizens[idNumber] = updated;
            return ValueTask.FromResult<Result<CitizenRecord, Failure<RegistryError>>>(updated);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<IssuanceRecord>> GetIssuancesAsync(string idNumber, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<IssuanceRecord>>(_issuances.Where(i => i.IdNumber == idNumber).ToArray());
        }
    }

    private Result<IssuanceRecord, Failure<RegistryError>> Record(IssuanceRecord issuance)
    {
        if (RegistryRules.CheckIssuance(issuance) is { } bad)
        {
            return bad;
        }

        issuance = RegistryRules.Normalise(issuance);
        lock (_gate)
        {
            if (!_citizens.TryGetValue(issuance.IdNumber, out var citizen))
            {
                return RegistryRules.NotFound(issuance.IdNumber);
            }

            if (_bySerial.TryGetValue(issuance.Serial, out var stored))
            {
                return RegistryRules.SameIssuance(stored, issuance) ? stored : RegistryRules.SerialConflict(issuance.Serial);
            }

            if (RegistryRules.CheckIssuable(citizen) is { } refused)
            {
                return refused;
            }

            _bySerial[issuance.Serial] = issuance;
            _issuances.Add(issuance);
            return issuance;
        }
    }
}
