using EId.Biometrics;
using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Quality;
using EId.Diagnostics;
using EId.Faces;
using EId.Imaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the EId liveness checks and the quality gate.</summary>
public static class EIdLivenessServiceCollectionExtensions
{
    /// <summary>
    /// Registers, on top of <c>AddEIdBiometrics</c> (called here; it only adds what is missing):
    /// one <see cref="ILivenessCheck"/>, the <see cref="CompositeLivenessCheck"/> policy of the active challenge
    /// (<see cref="ActiveLivenessCheck"/>, unless <see cref="LivenessOptions.RequireActiveChallenge"/> is off) and the
    /// fail-closed passive check (<see cref="PassiveLivenessCheck"/>); each of those also on its own, with
    /// <see cref="ChallengeIssuer"/>, <see cref="FaceMotionMeter"/>, <see cref="ActiveLivenessSession"/> and
    /// <see cref="FaceQualityGate"/>. The issuer and the courier's identity check run every registered
    /// <see cref="ILivenessCheck"/> the same way, as one <see cref="CompositeLivenessCheck"/>. Options are validated on start, including that the PAD model files exist.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional configuration.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEIdLiveness(this IServiceCollection services, Action<LivenessOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddEIdBiometrics();
        var options = services.AddOptions<LivenessOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivenessOptions>, LivenessOptionsValidator>());
        options.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<LivenessOptions>>().Value;
            var locator = new ModelLocator(o.ModelDirectory);
            var models = o.PassiveModels.Select(k => new PadModel(locator.GetPath(PadModelProfile.For(k).ModelName), PadModelProfile.For(k), o.IntraOpThreads)).ToArray();
            return new PassiveLivenessCheck(
                sp.GetRequiredService<IImageDecoder>(),
                sp.GetRequiredService<IFaceDetector>(),
                models,
                o.PassiveThreshold,
                o.PassiveModelThresholds.Count == 0 ? null : [.. o.PassiveModelThresholds],
                ownsModels: true)
            {
                FrameParallelism = o.FrameParallelism,
                Telemetry = sp.GetRequiredService<BiometricsTelemetry>(),
            };
        });
        // One ILivenessCheck: the policy. The challenge first (it redeems the challenge even when the passive check would refuse).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILivenessCheck, CompositeLivenessCheck>(sp => new CompositeLivenessCheck(
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.RequireActiveChallenge
                ? [sp.GetRequiredService<ActiveLivenessCheck>(), sp.GetRequiredService<PassiveLivenessCheck>()]
                : [sp.GetRequiredService<PassiveLivenessCheck>()],
            sp.GetService<Microsoft.Extensions.Logging.ILogger<CompositeLivenessCheck>>())));
        services.TryAddSingleton(sp => new ChallengeIssuer(
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.ChallengeKey,
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.Active,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILivenessChallengeStore>()));
        services.TryAddSingleton(sp => new FaceMotionMeter(
            sp.GetRequiredService<IImageDecoder>(),
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<IFaceLandmarker>(),
            sp.GetRequiredService<IFaceEmbedder>()));
        services.TryAddSingleton(sp => new ActiveLivenessSession(
            sp.GetRequiredService<ChallengeIssuer>(),
            sp.GetRequiredService<FaceMotionMeter>(),
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.Active,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<EId.Biometrics.Matching.FaceMatchThresholds>()));
        services.TryAddSingleton(sp => new ActiveLivenessCheck(sp.GetRequiredService<ActiveLivenessSession>(), sp.GetRequiredService<IOptions<LivenessOptions>>().Value.Active)
        {
            Telemetry = sp.GetRequiredService<BiometricsTelemetry>(),
        });
        services.TryAddSingleton(sp => new FaceQualityGate(
            sp.GetRequiredService<IImageDecoder>(),
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<IFaceLandmarker>(),
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.Quality));
        return services;
    }

    /// <summary>Adds <see cref="LivenessOptions"/> bound to <paramref name="configuration"/>, then the liveness checks as <see cref="AddEIdLiveness(IServiceCollection, Action{LivenessOptions}?)"/> does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section of <see cref="LivenessOptions"/> (e.g. <c>EId:Liveness</c>).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddEIdLiveness(this IServiceCollection services, IConfiguration configuration) =>
        services.BindEIdOptions<LivenessOptions>(configuration).AddEIdLiveness();

    /// <summary>
    /// Adds the health check <c>eid.liveness</c>: every PAD model of the passive check is present, readable and matches its
    /// manifest (<see cref="FaceModelsHealthCheck"/>).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status on failure (default Unhealthy).</param>
    /// <param name="tags">Tags besides <c>eid</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddEIdLiveness(this IHealthChecksBuilder builder, string name = "eid.liveness", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null) =>
        EIdHealthChecks.AddEIdCheck(builder, name, sp =>
        {
            var o = sp.GetRequiredService<IOptions<LivenessOptions>>().Value;
            return new FaceModelsHealthCheck(new ModelLocator(o.ModelDirectory), LivenessOptionsValidator.PadModels(o));
        }, failureStatus, tags);
}
