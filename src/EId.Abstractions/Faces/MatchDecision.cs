namespace EId.Faces;

/// <summary>The decision of a 1:1 face comparison.</summary>
public enum MatchDecision
{
    /// <summary>No decision could be made (no face, poor quality).</summary>
    Inconclusive = 0,

    /// <summary>Same person at the configured threshold.</summary>
    Match = 1,

    /// <summary>Different people at the configured threshold.</summary>
    NoMatch = 2,
}
