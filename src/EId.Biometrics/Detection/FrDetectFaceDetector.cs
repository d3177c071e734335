using System.Buffers;
using EId.Biometrics.Imaging;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Onnx;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Detection;

/// <summary>
/// The default detector: <c>fr_detect</c>, a 320×240 single-shot detector whose outputs are already decoded
/// (<c>scores</c> [1, 4420, 2] background/face probabilities, <c>boxes</c> [1, 4420, 4] corners normalised to the input).
/// </summary>
/// <remarks>
/// Input: the image letterboxed (aspect kept, with a margin of context so that a face filling an ID-card portrait is still
/// seen whole), RGB, NCHW, (x − 127) / 128. Thread-safe; dispose to release the ONNX session.
/// </remarks>
public sealed class FrDetectFaceDetector : IFaceDetector, IDisposable
{
    private const int InputWidth = 320;
    private const int InputHeight = 240;
    private readonly OnnxModel _model;
    private readonly FaceDetectorOptions _options;
    private readonly TensorSpec _spec = new(InputWidth, InputHeight, ChannelOrder.Rgb, TensorLayout.Nchw, 127f, 128f);

    /// <summary>Loads <c>fr_detect.onnx</c>.</summary>
    /// <param name="modelPath">Path of the model file.</param>
    /// <param name="options">Filtering; defaults when null.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads (0 = runtime default).</param>
    public FrDetectFaceDetector(string modelPath, FaceDetectorOptions? options = null, int intraOpThreads = 0)
    {
        _model = OnnxModel.Load(modelPath, intraOpThreads);
        _options = options ?? new FaceDetectorOptions();
    }

    /// <summary>Loads <c>fr_detect</c> through a <see cref="ModelLocator"/>.</summary>
    /// <param name="locator">Where to look for the model.</param>
    /// <param name="options">Filtering; defaults when null.</param>
    /// <exception cref="ModelNotFoundException">The model file is missing.</exception>
    public FrDetectFaceDetector(ModelLocator locator, FaceDetectorOptions? options = null)
        : this((locator ?? throw new ArgumentNullException(nameof(locator))).GetPath(FaceModelNames.FrDetect), options)
    {
    }

    /// <summary>Context margin around the image, as a fraction of its size (measured: 0.15 finds ID-card portraits and costs nothing on photos).</summary>
    internal float Margin { get; init; } = 0.15f;

    /// <summary>Channel order (measured by experiment).</summary>
    internal ChannelOrder Order { get; init; } = ChannelOrder.Rgb;

    /// <inheritdoc />
    public IReadOnlyList<FaceDetection> Detect(PixelBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var fit = Letterbox.Fit(image.Width, image.Height, InputWidth, InputHeight, Margin);
        var spec = _spec with { Order = Order };
        var buffer = ArrayPool<float>.Shared.Rent(spec.Length);
        try
        {
            ImageSampler.Fill(image, fit.InputToSource, spec, buffer, border: 127);
            using var outputs = _model.Run(buffer.AsMemory(0, spec.Length), spec.Shape(1));
            var scores = outputs[0].GetTensorDataAsSpan<float>();
            var boxes = outputs[1].GetTensorDataAsSpan<float>();
            var count = scores.Length / 2;
            var candidates = new List<FaceDetection>();
            for (var i = 0; i < count; i++)
            {
                var score = scores[(2 * i) + 1];
                if (score < _options.ScoreThreshold)
                {
                    continue;
                }

                var (x1, y1) = fit.ToSource(boxes[4 * i] * InputWidth, boxes[(4 * i) + 1] * InputHeight);
                var (x2, y2) = fit.ToSource(boxes[(4 * i) + 2] * InputWidth, boxes[(4 * i) + 3] * InputHeight);
                x1 = Math.Clamp(x1, 0, image.Width);
                y1 = Math.Clamp(y1, 0, image.Height);
                x2 = Math.Clamp(x2, 0, image.Width);
                y2 = Math.Clamp(y2, 0, image.Height);
                if (x2 > x1 && y2 > y1)
                {
                    candidates.Add(new FaceDetection(new FaceBox(x1, y1, x2 - x1, y2 - y1), score));
                }
            }

            return NonMaxSuppression.Finish(candidates, _options, weighted: false);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
