using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
using EId.Biometrics.Quality;
using EId.Faces;
using EId.Imaging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the EId liveness checks and the quality gate.</summary>
public static class EIdLivenessServiceCollectionExtensions
{
    /// <summary>
    /// Registers, on top of <c>AddEIdBiometrics</c> (called here; it only adds what is missing):
    /// the fused passive check (<see cref="PassiveLivenessCheck"/>, also as an <see cref="ILivenessCheck"/>),
    /// <see cref="ChallengeIssuer"/>, <see cref="FaceMotionMeter"/>, <see cref="ActiveLivenessSession"/> and
    /// <see cref="ActiveLivenessCheck"/> (not as an <see cref="ILivenessCheck"/>: add it where captures carry a challenge),
    /// and <see cref="FaceQualityGate"/>. Options are validated on start, including that the PAD model files exist.
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

        options
            .Validate(o => o.PassiveModels.Count > 0 && o.PassiveModels.All(Enum.IsDefined), "PassiveModels must list at least one known model.")
            .Validate(o => o.PassiveWeights.Count == 0 || (o.PassiveWeights.Count == o.PassiveModels.Count && o.PassiveWeights.All(w => w >= 0) && o.PassiveWeights.Sum() > 0), "PassiveWeights must be empty or one non-negative weight per model.")
            .Validate(o => o.PassiveThreshold is >= 0 and <= 1, "PassiveThreshold must be in [0, 1].")
            .Validate(o => o.FrameParallelism >= 1, "FrameParallelism must be at least 1.")
            .Validate(o => o.ChallengeKey is null || o.ChallengeKey.Length >= 16, "ChallengeKey must have at least 16 bytes.")
            .Validate(o => o.Active.StepCount >= 1 && o.Active.AllowedSteps.Distinct().Count() >= 2, "A challenge needs at least one step and two allowed actions.")
            .Validate(o => o.Active.StepTimeLimit > TimeSpan.Zero && o.Active.ChallengeLifetime > TimeSpan.Zero, "Time limits must be positive.")
            .Validate(o => o.Active.EyesOpenRatio >= o.Active.EyesClosedRatio, "EyesOpenRatio must not be below EyesClosedRatio.")
            .Validate(o => o.Active.IdentityThreshold is >= -1 and <= 1, "IdentityThreshold must be a cosine in [-1, 1].")
            .Validate(o => o.PassiveModels.All(k => new ModelLocator(o.ModelDirectory).TryGetPath(PadModelProfile.For(k).ModelName, out _)), "A PAD model file is missing (build EId.Biometrics.Models or set ModelDirectory).")
            .ValidateOnStart();

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
                o.PassiveWeights.Count == 0 ? null : [.. o.PassiveWeights],
                ownsModels: true)
            {
                FrameParallelism = o.FrameParallelism,
            };
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILivenessCheck, PassiveLivenessCheck>(sp => sp.GetRequiredService<PassiveLivenessCheck>()));
        services.TryAddSingleton(sp => new ChallengeIssuer(
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.ChallengeKey,
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.Active,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new FaceMotionMeter(
            sp.GetRequiredService<IImageDecoder>(),
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<IFaceLandmarker>(),
            sp.GetRequiredService<IFaceEmbedder>()));
        services.TryAddSingleton(sp => new ActiveLivenessSession(
            sp.GetRequiredService<ChallengeIssuer>(),
            sp.GetRequiredService<FaceMotionMeter>(),
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.Active,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ActiveLivenessCheck(sp.GetRequiredService<ActiveLivenessSession>(), sp.GetRequiredService<IOptions<LivenessOptions>>().Value.Active));
        services.TryAddSingleton(sp => new FaceQualityGate(
            sp.GetRequiredService<IImageDecoder>(),
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<IFaceLandmarker>(),
            sp.GetRequiredService<IOptions<LivenessOptions>>().Value.Quality));
        return services;
    }
}
