using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using Microsoft.Extensions.Configuration;
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

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FaceModelOptions>, FaceModelOptionsValidator>());
        options.ValidateOnStart();
        services.TryAddSingleton(sp => new ModelLocator(sp.GetRequiredService<IOptions<FaceModelOptions>>().Value.Directory));
        return services;
    }

    /// <summary>Adds <see cref="FaceModelOptions"/> bound to <paramref name="configuration"/>, then the locator as <see cref="AddEIdBiometricsModels(IServiceCollection, Action{FaceModelOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="FaceModelOptions"/> (e.g. <c>EId:Models</c>).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEIdBiometricsModels(this IServiceCollection services, IConfiguration configuration) =>
        EId.Diagnostics.OptionsChecks.BindEIdOptions<FaceModelOptions>(services, configuration).AddEIdBiometricsModels();
}
