using EId.Gallery.Orleans.Shards;
using EId.Gallery.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Orleans.Hosting;

/// <summary>Silo-side set-up of the sharded face gallery.</summary>
public static class EIdGallerySiloBuilderExtensions
{
    /// <summary>
    /// Stores the gallery shards (<see cref="OrleansGalleryStorage.ProviderName"/>) in PostgreSQL with
    /// <see cref="PostgresGrainStorage"/>. The shard grains themselves are found by Orleans in this assembly.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="connectionString">The PostgreSQL database every silo of the cluster shares.</param>
    /// <param name="table">The table (created when absent).</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ISiloBuilder AddEIdGalleryPostgresStorage(this ISiloBuilder builder, string connectionString, string table = "eid_gallery_shards")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddGrainStorage(OrleansGalleryStorage.ProviderName, (sp, _) =>
            new PostgresGrainStorage(connectionString, table, sp.GetRequiredService<Serializer>(), sp.GetRequiredService<ILogger<PostgresGrainStorage>>()));
        return builder;
    }
}
