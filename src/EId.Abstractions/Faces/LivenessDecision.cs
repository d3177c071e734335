namespace EId.Faces;

/// <summary>The decision of a presentation-attack (liveness) check.</summary>
public enum LivenessDecision
{
    /// <summary>No decision (no face, unusable frames).</summary>
    Inconclusive = 0,

    /// <summary>A live person (bona fide presentation).</summary>
    Live = 1,

    /// <summary>A presentation attack (photo, screen, replay, mask).</summary>
    Spoof = 2,
}
