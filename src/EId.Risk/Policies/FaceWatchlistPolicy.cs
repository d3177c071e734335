using System.Globalization;
using EId.Faces;

namespace EId.Risk.Policies;

/// <summary>
/// Searches the dangerous-person watchlist (a 1:N <see cref="IFaceGallery"/> of face templates) for the
/// live face: a hit at or above <see cref="DenyThreshold"/> denies, at or above <see cref="ReviewThreshold"/>
/// asks for review. Requests without a face pass. The host registers the watchlist gallery (from
/// EId.Biometrics) as a keyed service under <see cref="GalleryServiceKey"/>.
/// </summary>
public sealed class FaceWatchlistPolicy : IRiskPolicy
{
    /// <summary>The DI service key of the watchlist <see cref="IFaceGallery"/>.</summary>
    public const string GalleryServiceKey = "eid-risk-watchlist";

    private readonly IFaceGallery _gallery;

    /// <summary>Creates the policy over <paramref name="gallery"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The review threshold is above the deny threshold.</exception>
    public FaceWatchlistPolicy(IFaceGallery gallery, float denyThreshold, float reviewThreshold)
    {
        ArgumentNullException.ThrowIfNull(gallery);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reviewThreshold, denyThreshold);
        _gallery = gallery;
        DenyThreshold = denyThreshold;
        ReviewThreshold = reviewThreshold;
    }

    /// <summary>Similarity at or above which a hit denies.</summary>
    public float DenyThreshold { get; }

    /// <summary>Similarity at or above which a hit asks for review.</summary>
    public float ReviewThreshold { get; }

    /// <inheritdoc />
    public string Name => "face-watchlist";

    /// <inheritdoc />
    public ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Face is null || _gallery.Count == 0)
        {
            return ValueTask.FromResult(RiskAssessment.Allowed);
        }

        var hits = _gallery.Search(context.Face, 1);
        if (hits.Count == 0 || hits[0].Score < ReviewThreshold)
        {
            return ValueTask.FromResult(RiskAssessment.Allowed);
        }

        var hit = hits[0];
        var decision = hit.Score >= DenyThreshold ? RiskDecision.Deny : RiskDecision.Review;

        // Gallery subject ids are pseudonyms by contract, so naming the entry is safe and makes the decision traceable.
        var detail = string.Create(CultureInfo.InvariantCulture, $"watchlist entry {hit.SubjectId} matched with score {hit.Score:0.000}");
        return ValueTask.FromResult(new RiskAssessment(decision, [new RiskReason(RiskReasonCode.FaceWatchlisted, detail, Name)]));
    }
}
