namespace EId.Faces;

/// <summary>Quality of one frame.</summary>
/// <param name="Score">Overall quality in [0, 1]; higher is better.</param>
/// <param name="Issues">What is wrong; empty when the frame is acceptable.</param>
public sealed record QualityAssessment(float Score, IReadOnlyList<QualityIssue> Issues)
{
    /// <summary>True when there are no issues.</summary>
    public bool IsAcceptable => Issues.Count == 0;
}
