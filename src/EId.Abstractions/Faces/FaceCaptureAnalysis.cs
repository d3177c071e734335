namespace EId.Faces;

/// <summary>
/// The per-request analysis of a live capture: one <see cref="FaceFrameAnalysis"/> per frame, made by one
/// <see cref="IFaceCaptureAnalyzer"/>. Owns the decoded images: dispose it when the request is decided.
/// </summary>
/// <remarks>
/// Bound to its capture by reference: <see cref="IsFor"/> is true only for the very frames that were analysed, so an
/// analysis cannot be passed off for other frames. Consumers trust the results of an analysis whose
/// <see cref="Analyzer"/> is their own: make it with <see cref="Create"/> (or the analyzer) on the frames you received;
/// never build one from results that crossed a trust boundary. Thread-safe for reading.
/// </remarks>
public sealed class FaceCaptureAnalysis : IDisposable
{
    private readonly FaceFrameAnalysis[] _frames;

    /// <summary>Takes the analyses of every frame of <paramref name="capture"/>, in order.</summary>
    /// <param name="capture">The analysed capture.</param>
    /// <param name="frames">One analysis per frame, in capture order.</param>
    /// <param name="analyzer">Who made the analyses.</param>
    /// <exception cref="ArgumentException">The analyses do not match the capture's frames one to one.</exception>
    public FaceCaptureAnalysis(FaceCapture capture, IReadOnlyList<FaceFrameAnalysis> frames, IFaceCaptureAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(analyzer);
        if (frames.Count != capture.Frames.Count)
        {
            throw new ArgumentException("One analysis per frame is needed.", nameof(frames));
        }

        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i] is null || frames[i].Index != i || !ReferenceEquals(frames[i].Frame, capture.Frames[i]))
            {
                throw new ArgumentException($"Analysis {i} is not of frame {i} of the capture.", nameof(frames));
            }
        }

        Capture = capture;
        Analyzer = analyzer;
        _frames = [.. frames];
    }

    /// <summary>The analysed capture.</summary>
    public FaceCapture Capture { get; }

    /// <summary>Who made the analyses.</summary>
    public IFaceCaptureAnalyzer Analyzer { get; }

    /// <summary>One analysis per frame, in capture order.</summary>
    public IReadOnlyList<FaceFrameAnalysis> Frames => _frames;

    /// <summary>Whether this analysis was made from exactly the frames of <paramref name="capture"/> (same frame objects, same order).</summary>
    /// <param name="capture">A capture.</param>
    /// <returns>True when it was.</returns>
    public bool IsFor(FaceCapture capture)
    {
        if (capture is null || capture.Frames.Count != _frames.Length)
        {
            return false;
        }

        for (var i = 0; i < _frames.Length; i++)
        {
            if (!ReferenceEquals(capture.Frames[i], _frames[i].Frame))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Analyses every frame of <paramref name="capture"/>, up to <paramref name="parallelism"/> frames at a time.</summary>
    /// <param name="analyzer">The analyzer.</param>
    /// <param name="capture">The capture.</param>
    /// <param name="parallelism">Most frames analysed at once (at least 1).</param>
    /// <param name="cancellationToken">Cancels before the next frame starts.</param>
    /// <returns>The analysis (dispose it).</returns>
    /// <exception cref="OperationCanceledException">Cancelled; the images decoded so far are released.</exception>
    public static FaceCaptureAnalysis Create(IFaceCaptureAnalyzer analyzer, FaceCapture capture, int parallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(capture);
        var frames = new FaceFrameAnalysis?[capture.Frames.Count];
        AnalyzeInto(analyzer, capture, frames, Enumerable.Range(0, frames.Length), parallelism, cancellationToken);
        return new FaceCaptureAnalysis(capture, [.. frames.Select(f => f!)], analyzer);
    }

    /// <summary>Analyses the frames at <paramref name="indices"/> that are still null in <paramref name="frames"/>, in parallel.</summary>
    /// <param name="analyzer">The analyzer.</param>
    /// <param name="capture">The capture.</param>
    /// <param name="frames">One slot per frame of the capture; filled in place.</param>
    /// <param name="indices">Which frames to analyse.</param>
    /// <param name="parallelism">Most frames analysed at once (at least 1).</param>
    /// <param name="cancellationToken">Cancels before the next frame starts.</param>
    /// <exception cref="OperationCanceledException">Cancelled; every image in <paramref name="frames"/> is released.</exception>
    public static void AnalyzeInto(IFaceCaptureAnalyzer analyzer, FaceCapture capture, FaceFrameAnalysis?[] frames, IEnumerable<int> indices, int parallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(indices);
        if (frames.Length != capture.Frames.Count)
        {
            throw new ArgumentException("One slot per frame is needed.", nameof(frames));
        }

        var todo = indices.Where(i => i >= 0 && i < frames.Length && frames[i] is null).Distinct().ToArray();
        try
        {
            if (todo.Length <= 1 || parallelism <= 1)
            {
                foreach (var i in todo)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    frames[i] = analyzer.AnalyzeFrame(capture.Frames[i], i);
                }

                return;
            }

            // The calling thread takes part: on a 2-core kiosk server two frames take the time of one.
            Parallel.ForEach(
                todo,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                i => frames[i] = analyzer.AnalyzeFrame(capture.Frames[i], i));
        }
        catch (Exception ex)
        {
            foreach (var frame in frames)
            {
                frame?.Image?.Dispose();
            }

            Array.Clear(frames);

            // One failing frame surfaces as itself, as it would frame by frame, not wrapped by Parallel.
            if (ex is AggregateException { InnerExceptions.Count: 1 } single)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(single.InnerExceptions[0]).Throw();
            }

            throw;
        }
    }

    /// <summary>Releases the decoded images.</summary>
    public void Dispose()
    {
        foreach (var frame in _frames)
        {
            frame.Image?.Dispose();
        }
    }
}
