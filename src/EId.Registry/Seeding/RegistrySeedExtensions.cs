using EId.Registry.Storage;

namespace EId.Registry.Seeding;

/// <summary>Seeding a registry from a seed file.</summary>
public static class RegistrySeedExtensions
{
    /// <summary>Loads <paramref name="path"/> (see <see cref="RegistrySeed"/>) and upserts all its citizens in one transaction.</summary>
    /// <returns>How many citizens were written, or why nothing was.</returns>
    public static async Task<Result<int, Failure<SeedError>>> SeedAsync(this IIdentityRegistryAdmin registry, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var loaded = await RegistrySeed.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        var written = await registry.UpsertCitizensAsync(loaded.Value, cancellationToken).ConfigureAwait(false);
        return written.IsSuccess ? written.Value : new Failure<SeedError>(SeedError.Rejected, written.Error.Message);
    }
}
