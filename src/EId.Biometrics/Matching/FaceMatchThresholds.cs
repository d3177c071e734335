using EId.Biometrics.Embedding;
using EId.Faces;

namespace EId.Biometrics.Matching;

/// <summary>
/// The match thresholds in force, one per <see cref="FaceReferenceKind"/>: the embedder profile's calibrated values
/// (<see cref="EmbedderProfile.MatchThreshold"/>, <see cref="EmbedderProfile.ThumbnailMatchThreshold"/>), or the one
/// override <see cref="BiometricsOptions.MatchThreshold"/>. <c>AddEIdBiometrics</c> registers it; the face matcher, the
/// face verifier and the active challenge's same-person check all read their threshold from it.
/// </summary>
/// <param name="Portrait">Cosine threshold against a full portrait or a template made from one.</param>
/// <param name="Thumbnail">Cosine threshold against a credential's face thumbnail only.</param>
public sealed record FaceMatchThresholds(float Portrait, float Thumbnail)
{
    /// <summary>The shipped embedder's (<c>fr_feature</c>) calibrated thresholds.</summary>
    public static FaceMatchThresholds Shipped { get; } = Of(EmbedderProfile.FrFeature);

    /// <summary>The thresholds of <paramref name="profile"/>, or <paramref name="override"/> for every kind when it is set.</summary>
    /// <param name="profile">The embedder's profile.</param>
    /// <param name="override">One threshold for every reference kind; null keeps the profile's calibrated ones.</param>
    /// <returns>The thresholds.</returns>
    public static FaceMatchThresholds Of(EmbedderProfile profile, float? @override = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return @override is { } one ? new(one, one) : new(profile.MatchThreshold, profile.ThumbnailMatchThreshold);
    }

    /// <summary>The thresholds the options select (their embedder's profile, or their override).</summary>
    /// <param name="options">The face pipeline's options.</param>
    /// <returns>The thresholds.</returns>
    public static FaceMatchThresholds Of(BiometricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Of(EmbedderProfile.For(options.Embedder), options.MatchThreshold);
    }

    /// <summary>The threshold for a reference of <paramref name="kind"/> (an unknown kind gets the stricter portrait threshold).</summary>
    /// <param name="kind">What the reference is.</param>
    /// <returns>Cosine threshold.</returns>
    public float For(FaceReferenceKind kind) => kind == FaceReferenceKind.Thumbnail ? Thumbnail : Portrait;
}
