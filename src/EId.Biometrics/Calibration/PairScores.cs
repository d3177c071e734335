using System.Collections.Concurrent;
using EId.Biometrics.Pipeline;
using EId.Faces;

namespace EId.Biometrics.Calibration;

/// <summary>Scores of a pairs file: one per pair (null where either image had no face), plus what went wrong.</summary>
/// <param name="Pairs">The pairs, in file order.</param>
/// <param name="Scores">Score per pair, null when not comparable.</param>
/// <param name="ImagesWithoutFace">Images (relative paths) the pipeline found no face in or could not read.</param>
public sealed record PairScores(IReadOnlyList<LabelledPair> Pairs, IReadOnlyList<float?> Scores, IReadOnlyList<string> ImagesWithoutFace)
{
    /// <summary>The comparable scores with their labels.</summary>
    public IEnumerable<ScorePair> Labelled => Pairs.Zip(Scores).Where(p => p.Second is not null).Select(p => new ScorePair(p.Second!.Value, p.First.Same));

    /// <summary>Embeds every distinct image once and scores every pair.</summary>
    /// <param name="pipeline">The face pipeline.</param>
    /// <param name="matcher">Similarity function.</param>
    /// <param name="pairs">Labelled pairs.</param>
    /// <param name="root">Folder the pair paths are relative to.</param>
    /// <param name="parallelism">Images analysed at once.</param>
    /// <returns>The scores.</returns>
    public static PairScores Compute(FacePipeline pipeline, IFaceMatcher matcher, IReadOnlyList<LabelledPair> pairs, string root, int parallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(pairs);
        var templates = EmbedAll(pipeline, pairs.SelectMany(p => new[] { p.Left, p.Right }).Distinct(), root, parallelism);
        var scores = pairs.Select(p => templates[p.Left] is { } a && templates[p.Right] is { } b ? matcher.Similarity(a, b) : (float?)null).ToArray();
        var missing = templates.Where(t => t.Value is null).Select(t => t.Key).Order(StringComparer.Ordinal).ToArray();
        return new PairScores(pairs, scores, missing);
    }

    /// <summary>Embeds images given by relative path; null where no face was found or the file is unreadable.</summary>
    /// <param name="pipeline">The face pipeline.</param>
    /// <param name="images">Relative paths.</param>
    /// <param name="root">Folder the paths are relative to.</param>
    /// <param name="parallelism">Images analysed at once.</param>
    /// <returns>Template per path.</returns>
    public static IReadOnlyDictionary<string, FaceTemplate?> EmbedAll(FacePipeline pipeline, IEnumerable<string> images, string root, int parallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var result = new ConcurrentDictionary<string, FaceTemplate?>(StringComparer.Ordinal);
        Parallel.ForEach(images, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, image =>
        {
            var path = Path.Combine(root, image);
            FaceTemplate? template = null;
            if (File.Exists(path) && pipeline.Analyze(File.ReadAllBytes(path)).TryGetValue(out var face, out _))
            {
                template = face.Template;
            }

            result[image] = template;
        });
        return result;
    }
}
