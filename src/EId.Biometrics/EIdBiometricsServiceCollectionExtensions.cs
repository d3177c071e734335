using EId.Biometrics;
using EId.Biometrics.Detection;
using EId.Biometrics.Embedding;
using EId.Biometrics.Imaging;
using EId.Biometrics.Landmarks;
using EId.Biometrics.Matching;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Pipeline;
using EId.Diagnostics;
using EId.Faces;
using EId.Imaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the EId face pipeline.</summary>
public static class EIdBiometricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IImageDecoder"/>, <see cref="IFaceDetector"/>, <see cref="IFaceLandmarker"/>, <see cref="IFaceEmbedder"/>,
    /// <see cref="FaceMatchThresholds"/> (the embedder's calibrated thresholds, or <see cref="BiometricsOptions.MatchThreshold"/>),
    /// <see cref="IFaceMatcher"/> (deciding at them), <see cref="FacePipeline"/> (also as the <see cref="IFaceCaptureAnalyzer"/>) and <see cref="IFaceVerifier"/>
    /// (with a reference-template cache unless <see cref="BiometricsOptions.ReferenceCacheCapacity"/> is 0) as singletons chosen by
    /// <see cref="BiometricsOptions"/>; the options (including that the model files exist) are validated on start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEIdBiometrics(this IServiceCollection services, Action<BiometricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BiometricsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BiometricsOptions>, BiometricsOptionsValidator>());
        options.ValidateOnStart();

        services.TryAddSingleton(sp => EIdTelemetry.Resolve(sp, m => new BiometricsTelemetry(m), BiometricsTelemetry.Shared));
        services.TryAddSingleton<IImageDecoder>(sp => new SkiaImageDecoder(Options(sp).MaxImagePixels));
        services.TryAddSingleton<IFaceDetector>(sp => CreateDetector(Options(sp)));
        services.TryAddSingleton<IFaceLandmarker>(sp =>
        {
            var o = Options(sp);
            return new FrLandmarkLandmarker(new ModelLocator(o.ModelDirectory).GetPath(FaceModelNames.FrLandmark), o.IntraOpThreads);
        });
        services.TryAddSingleton<IFaceEmbedder>(sp => CreateEmbedder(Options(sp)));
        services.TryAddSingleton(sp => FaceMatchThresholds.Of(Options(sp)));
        services.TryAddSingleton<IFaceMatcher>(sp => new CosineFaceMatcher(sp.GetRequiredService<FaceMatchThresholds>()));
        services.TryAddSingleton(sp => new FacePipeline(
            sp.GetRequiredService<IImageDecoder>(),
            sp.GetRequiredService<IFaceDetector>(),
            Options(sp).Detector == FaceDetectorKind.Scrfd ? null : sp.GetRequiredService<IFaceLandmarker>(),
            sp.GetRequiredService<IFaceEmbedder>()));
        services.TryAddSingleton<IFaceCaptureAnalyzer>(sp => sp.GetRequiredService<FacePipeline>());
        services.TryAddSingleton<IFaceVerifier>(sp => new FaceVerifier(
            sp.GetRequiredService<FacePipeline>(),
            sp.GetRequiredService<IFaceMatcher>(),
            Options(sp).ReferenceCacheCapacity > 0 ? new FaceTemplateCache(Options(sp).ReferenceCacheCapacity) : null)
        {
            Telemetry = sp.GetRequiredService<BiometricsTelemetry>(),
        });
        return services;
    }

    /// <summary>Adds <see cref="BiometricsOptions"/> bound to <paramref name="configuration"/>, then the face pipeline as <see cref="AddEIdBiometrics(IServiceCollection, Action{BiometricsOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="BiometricsOptions"/> (e.g. <c>EId:Biometrics</c>).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEIdBiometrics(this IServiceCollection services, IConfiguration configuration) =>
        services.BindEIdOptions<BiometricsOptions>(configuration).AddEIdBiometrics();

    /// <summary>
    /// Adds the health check <c>eid.biometrics</c>: every face model the options select is present, readable and matches its
    /// manifest (<see cref="FaceModelsHealthCheck"/>).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure (default Unhealthy).</param>
    /// <param name="tags">Tags besides <c>eid</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddEIdBiometrics(this IHealthChecksBuilder builder, string name = "eid.biometrics", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null) =>
        EIdHealthChecks.AddEIdCheck(builder, name, sp =>
        {
            var o = Options(sp);
            string?[] files = [o.Detector == FaceDetectorKind.Scrfd ? o.ScrfdModelPath : null, o.Embedder == FaceEmbedderKind.ArcFace ? o.ArcFaceModelPath : null];
            return new FaceModelsHealthCheck(new ModelLocator(o.ModelDirectory), BiometricsOptionsValidator.NeededModels(o), [.. files.OfType<string>()]);
        }, failureStatus, tags);

    /// <summary>Creates the detector the options select.</summary>
    /// <param name="options">Options.</param>
    /// <returns>A detector (dispose it).</returns>
    /// <exception cref="ModelNotFoundException">The model file is missing.</exception>
    public static IFaceDetector CreateDetector(BiometricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var locator = new ModelLocator(options.ModelDirectory);
        var filter = options.ToDetectorOptions();
        return options.Detector switch
        {
            FaceDetectorKind.BlazeFace => new BlazeFaceDetector(locator.GetPath(FaceModelNames.BlazeFace), filter, options.IntraOpThreads),
            FaceDetectorKind.Scrfd => new ScrfdFaceDetector(options.ScrfdModelPath!, filter, options.IntraOpThreads),
            _ => new FrDetectFaceDetector(locator.GetPath(FaceModelNames.FrDetect), filter, options.IntraOpThreads),
        };
    }

    /// <summary>Creates the embedder the options select.</summary>
    /// <param name="options">Options.</param>
    /// <returns>An embedder (dispose it).</returns>
    /// <exception cref="ModelNotFoundException">The model file is missing.</exception>
    public static OnnxFaceEmbedder CreateEmbedder(BiometricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var profile = EmbedderProfile.For(options.Embedder);
        var path = options.Embedder == FaceEmbedderKind.ArcFace
            ? options.ArcFaceModelPath!
            : new ModelLocator(options.ModelDirectory).GetPath(profile.ModelId);
        return new OnnxFaceEmbedder(path, profile, options.IntraOpThreads);
    }

    private static BiometricsOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<BiometricsOptions>>().Value;
}
