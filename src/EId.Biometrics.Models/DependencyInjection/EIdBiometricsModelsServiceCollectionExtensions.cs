using EId.Biometrics.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the face-model <see cref="ModelLocator"/>.</summary>
public static class EIdBiometricsModelsServiceCollectionExtensions
{
    /// <summary>Adds a singleton <see cref="ModelLocator"/> configured by <see cref="FaceModelOptions"/>.</summary>
    public static IServiceCollection AddEIdBiometricsModels(this IServiceCollection services, Action<FaceModelOptions>? configure = null)
    {
        var options = services.AddOptions<FaceModelOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.Directory is null || System.IO.Directory.Exists(o.Directory), "FaceModelOptions.Directory must be an existing folder.").ValidateOnStart();
        services.TryAddSingleton(sp => new ModelLocator(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value.Directory));
        return services;
    }
}
