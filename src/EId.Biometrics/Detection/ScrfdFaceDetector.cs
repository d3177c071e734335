using System.Buffers;
using EId.Biometrics.Imaging;
using EId.Biometrics.Onnx;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Detection;

/// <summary>
/// An InsightFace SCRFD detector supplied by path: 640×640 input (image scaled with aspect kept, top-left aligned), RGB, NCHW,
/// (x − 127.5) / 128; nine outputs: scores, distance boxes and five keypoints for strides 8, 16 and 32 with two anchors per cell.
/// </summary>
/// <remarks>Outputs are recognised by shape (width 1, 4 or 10; row count gives the stride), not by name. Thread-safe.</remarks>
public sealed class ScrfdFaceDetector : IFaceDetector, IDisposable
{
    internal const int InputSize = 640;
    private static readonly int[] Strides = [8, 16, 32];
    private readonly OnnxModel _model;
    private readonly FaceDetectorOptions _options;
    private readonly TensorSpec _spec = new(InputSize, InputSize, ChannelOrder.Rgb, TensorLayout.Nchw, 127.5f, 128f);

    /// <summary>Loads an SCRFD ONNX file.</summary>
    /// <param name="modelPath">Path of the model file.</param>
    /// <param name="options">Filtering; defaults when null.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads (0 = runtime default).</param>
    public ScrfdFaceDetector(string modelPath, FaceDetectorOptions? options = null, int intraOpThreads = 0)
    {
        _model = OnnxModel.Load(modelPath, intraOpThreads);
        _options = options ?? new FaceDetectorOptions();
    }

    /// <inheritdoc />
    public IReadOnlyList<FaceDetection> Detect(PixelBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var fit = Letterbox.Fit(image.Width, image.Height, InputSize, InputSize, centre: false);
        var buffer = ArrayPool<float>.Shared.Rent(_spec.Length);
        try
        {
            ImageSampler.Fill(image, fit.InputToSource, _spec, buffer);
            using var outputs = _model.Run(buffer.AsMemory(0, _spec.Length), _spec.Shape(1));
            var tensors = new List<(int Width, float[] Data)>();
            for (var i = 0; i < outputs.Count; i++)
            {
                var shape = outputs[i].GetTensorTypeAndShape().Shape;
                tensors.Add(((int)(shape.Length >= 2 ? shape[^1] : 1), outputs[i].GetTensorDataAsSpan<float>().ToArray()));
            }

            var candidates = Decode(tensors, _options.ScoreThreshold);
            for (var i = 0; i < candidates.Count; i++)
            {
                candidates[i] = ToSource(candidates[i], fit, image.Width, image.Height);
            }

            return NonMaxSuppression.Finish(candidates, _options, weighted: false);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes raw SCRFD outputs into detections in 640×640 input pixels.</summary>
    /// <param name="outputs">Each output's last dimension (1 scores, 4 boxes, 10 keypoints) and data.</param>
    /// <param name="threshold">Minimum score.</param>
    /// <returns>Candidates before NMS.</returns>
    /// <exception cref="ArgumentException">The outputs do not form SCRFD's score/box/keypoint triples.</exception>
    internal static List<FaceDetection> Decode(IReadOnlyList<(int Width, float[] Data)> outputs, float threshold)
    {
        var result = new List<FaceDetection>();
        foreach (var stride in Strides)
        {
            var rows = 2 * (InputSize / stride) * (InputSize / stride);
            float[]? Find(int width) => outputs.FirstOrDefault(o => o.Width == width && o.Data.Length == rows * width).Data;
            var scores = Find(1) ?? throw new ArgumentException($"No score output for stride {stride}.", nameof(outputs));
            var boxes = Find(4) ?? throw new ArgumentException($"No box output for stride {stride}.", nameof(outputs));
            var keypoints = Find(10);
            var centres = AnchorGrid.Centres(InputSize, [stride], [2], cellCentre: false);
            for (var i = 0; i < rows; i++)
            {
                if (scores[i] < threshold)
                {
                    continue;
                }

                var (cx, cy) = centres[i];
                var x1 = cx - (boxes[4 * i] * stride);
                var y1 = cy - (boxes[(4 * i) + 1] * stride);
                var x2 = cx + (boxes[(4 * i) + 2] * stride);
                var y2 = cy + (boxes[(4 * i) + 3] * stride);
                var points = new FacePoint[keypoints is null ? 0 : 5];
                for (var k = 0; k < points.Length; k++)
                {
                    points[k] = new FacePoint(cx + (keypoints![(10 * i) + (2 * k)] * stride), cy + (keypoints[(10 * i) + (2 * k) + 1] * stride));
                }

                result.Add(new FaceDetection(new FaceBox(x1, y1, x2 - x1, y2 - y1), scores[i], points));
            }
        }

        return result;
    }

    internal static FaceDetection ToSource(FaceDetection d, Letterbox fit, int width, int height)
    {
        var (x1, y1) = fit.ToSource(d.Box.X, d.Box.Y);
        var (x2, y2) = fit.ToSource(d.Box.Right, d.Box.Bottom);
        x1 = Math.Clamp(x1, 0, width);
        y1 = Math.Clamp(y1, 0, height);
        x2 = Math.Clamp(x2, 0, width);
        y2 = Math.Clamp(y2, 0, height);
        var points = d.Keypoints.Select(p =>
        {
            var (x, y) = fit.ToSource(p.X, p.Y);
            return new FacePoint(x, y);
        }).ToArray();
        return new FaceDetection(new FaceBox(x1, y1, Math.Max(0, x2 - x1), Math.Max(0, y2 - y1)), d.Score, points);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
