using System.Numerics.Tensors;
using EId.Faces;

namespace EId.Biometrics.Matching;

/// <summary>Cosine similarity between templates of the same model, with one decision threshold.</summary>
/// <param name="threshold">Scores at or above it are a match.</param>
public sealed class CosineFaceMatcher(float threshold) : IFaceMatcher
{
    /// <summary>The decision threshold.</summary>
    public float Threshold { get; } = threshold;

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
    public FaceMatch Compare(FaceTemplate reference, FaceTemplate probe)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(probe);
        if (reference.ModelId != probe.ModelId || reference.Dimension != probe.Dimension)
        {
            return new FaceMatch(float.NaN, Threshold, MatchDecision.Inconclusive, [FaceMatchReason.ModelMismatch]);
        }

        var score = TensorPrimitives.CosineSimilarity(reference.Vector.Span, probe.Vector.Span);
        return score >= Threshold
            ? new FaceMatch(score, Threshold, MatchDecision.Match, [FaceMatchReason.ScoreAboveThreshold])
            : new FaceMatch(score, Threshold, MatchDecision.NoMatch, [FaceMatchReason.ScoreBelowThreshold]);
    }
}
