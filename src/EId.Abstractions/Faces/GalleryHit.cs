namespace EId.Faces;

/// <summary>One result of a 1:N gallery search.</summary>
/// <param name="SubjectId">The enrolled identifier (a pseudonym, never a raw ID number).</param>
/// <param name="Score">Similarity to the probe.</param>
public readonly record struct GalleryHit(string SubjectId, float Score);
