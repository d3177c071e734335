namespace EId.Faces;

/// <summary>The result of comparing a live face with a reference face.</summary>
/// <param name="Score">Similarity (cosine for the shipped embedders, in [-1, 1]); NaN when no comparison was possible.</param>
/// <param name="Threshold">The threshold the decision used.</param>
/// <param name="Decision">Match, no match, or inconclusive.</param>
/// <param name="Reasons">Why.</param>
public sealed record FaceMatch(float Score, float Threshold, MatchDecision Decision, IReadOnlyList<FaceMatchReason> Reasons)
{
    /// <summary>Index of the live frame used for matching, when known.</summary>
    public int? FrameIndex { get; init; }

    /// <summary>True when <see cref="Decision"/> is <see cref="MatchDecision.Match"/>.</summary>
    public bool IsMatch => Decision == MatchDecision.Match;
}
