namespace EId.Registry;

/// <summary>The national identity registry, as the issuer and the identity server see it.</summary>
public interface IIdentityRegistry
{
    /// <summary>Looks a citizen up by identity number.</summary>
    ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupAsync(string idNumber, CancellationToken cancellationToken = default);

    /// <summary>Records an issued e-ID against the citizen. Idempotent per serial.</summary>
    ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceAsync(IssuanceRecord issuance, CancellationToken cancellationToken = default);
}
