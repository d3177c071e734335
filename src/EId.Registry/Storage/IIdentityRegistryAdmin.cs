namespace EId.Registry.Storage;

/// <summary>The registry operator's side: loading citizens, changing their status, reading the issuance log.</summary>
public interface IIdentityRegistryAdmin
{
    /// <summary>Inserts or replaces citizens, all or none.</summary>
    /// <returns>How many were written, or <see cref="RegistryError.BadRequest"/> naming the first invalid record (masked).</returns>
    ValueTask<Result<int, Failure<RegistryError>>> UpsertCitizensAsync(IReadOnlyList<CitizenRecord> citizens, CancellationToken cancellationToken = default);

    /// <summary>Sets a citizen's status (card lost or stolen, deceased…).</summary>
    /// <returns>The updated record, or <see cref="RegistryError.NotFound"/>.</returns>
    ValueTask<Result<CitizenRecord, Failure<RegistryError>>> SetStatusAsync(string idNumber, CitizenStatus status, CancellationToken cancellationToken = default);

    /// <summary>The e-IDs recorded for a citizen, oldest first.</summary>
    ValueTask<IReadOnlyList<IssuanceRecord>> GetIssuancesAsync(string idNumber, CancellationToken cancellationToken = default);
}
