using System.Numerics.Tensors;
using EId.Faces;

namespace EId.Biometrics.Matching;

/// <summary>Cosine similarity between templates of the same model, deciding at the threshold of the reference's kind.</summary>
/// <param name="thresholds">The thresholds per reference kind (<see cref="FaceMatchThresholds"/>).</param>
public sealed class CosineFaceMatcher(FaceMatchThresholds thresholds) : IFaceMatcher
{
    /// <summary>A matcher with one threshold for every reference kind (e.g. an explicit threshold under evaluation).</summary>
    /// <param name="threshold">Scores at or above it are a match.</param>
    public CosineFaceMatcher(float threshold)
        : this(new FaceMatchThresholds(threshold, threshold))
    {
    }

    /// <summary>The thresholds per reference kind.</summary>
    public FaceMatchThresholds Thresholds { get; } = thresholds ?? throw new ArgumentNullException(nameof(thresholds));

    /// <summary>The decision threshold against a portrait.</summary>
    public float Threshold => Thresholds.Portrait;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Different models or dimensions.</exception>
    public float Similarity(FaceTemplate a, FaceTemplate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.ModelId != b.ModelId || a.Dimension != b.Dimension)
        {
            throw new ArgumentException($"Templates of {a.ModelId}/{a.Dimension} and {b.ModelId}/{b.Dimension} do not compare.", nameof(b));
        }

        return TensorPrimitives.CosineSimilarity(a.Vector.Span, b.Vector.Span);
    }

    /// <inheritdoc />
    public FaceMatch Compare(FaceTemplate reference, FaceTemplate probe) => Compare(reference, probe, FaceReferenceKind.Portrait);

    /// <inheritdoc />
    public FaceMatch Compare(FaceTemplate reference, FaceTemplate probe, FaceReferenceKind kind)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(probe);
        var threshold = Thresholds.For(kind);
        if (reference.ModelId != probe.ModelId || reference.Dimension != probe.Dimension)
        {
            return new FaceMatch(float.NaN, threshold, MatchDecision.Inconclusive, [FaceMatchReason.ModelMismatch]);
        }

        var score = TensorPrimitives.CosineSimilarity(reference.Vector.Span, probe.Vector.Span);
        return score >= threshold
            ? new FaceMatch(score, threshold, MatchDecision.Match, [FaceMatchReason.ScoreAboveThreshold])
            : new FaceMatch(score, threshold, MatchDecision.NoMatch, [FaceMatchReason.ScoreBelowThreshold]);
    }
}
