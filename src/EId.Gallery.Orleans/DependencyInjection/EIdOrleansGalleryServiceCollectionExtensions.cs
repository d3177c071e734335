using EId.Faces;
using EId.Gallery.Orleans;
using EId.Gallery.Orleans.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the client side of the sharded face gallery.</summary>
public static class EIdOrleansGalleryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="OrleansFaceGallery"/> as <see cref="IFaceGallery"/> (and under <paramref name="serviceKey"/> when
    /// given, e.g. <c>FaceWatchlistPolicy.GalleryServiceKey</c> for the risk watchlist), with
    /// <see cref="OrleansGalleryOptions"/> validated at start-up. The host provides the Orleans <see cref="IGrainFactory"/>
    /// (<c>UseOrleansClient</c>, or <c>UseOrleans</c> in a silo).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the gallery's name, model, dimension, precision and shard count.</param>
    /// <param name="serviceKey">An extra keyed registration, or null.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEIdOrleansGallery(this IServiceCollection services, Action<OrleansGalleryOptions> configure, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<OrleansGalleryOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrleansGalleryOptions>, OrleansGalleryOptionsValidator>());
        services.TryAddSingleton<OrleansFaceGallery>();
        services.TryAddSingleton<IFaceGallery>(sp => sp.GetRequiredService<OrleansFaceGallery>());
        if (serviceKey is not null)
        {
            services.AddKeyedSingleton<IFaceGallery>(serviceKey, (sp, _) => sp.GetRequiredService<OrleansFaceGallery>());
        }

        return services;
    }
}
