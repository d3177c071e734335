using System.Buffers;
using EId.Biometrics.Imaging;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Onnx;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Detection;

/// <summary>
/// BlazeFace (<c>blazeface.onnx</c>, converted from TF.js; NHWC kept at its boundary): 256×256 square-padded input in [−1, 1],
/// 896 anchors (16×16×2 at stride 16, then 8×8×6 at stride 32), each with a score logit, a box (centre offset and size) and six
/// keypoints (eyes, nose, mouth, ears); weighted NMS.
/// </summary>
/// <remarks>Accepts one [896, 17] output (score first) or separate [896, 16] and [896, 1] outputs. Thread-safe.</remarks>
public sealed class BlazeFaceDetector : IFaceDetector, IDisposable
{
    internal const int InputSize = 256;
    private static readonly (float X, float Y)[] Anchors = AnchorGrid.Centres(InputSize, [16, 32], [2, 6], cellCentre: true);
    private readonly OnnxModel _model;
    private readonly FaceDetectorOptions _options;
    private readonly TensorSpec _spec;

    /// <summary>Loads a BlazeFace ONNX file.</summary>
    /// <param name="modelPath">Path of the model file.</param>
    /// <param name="options">Filtering; defaults when null.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads (0 = runtime default).</param>
    public BlazeFaceDetector(string modelPath, FaceDetectorOptions? options = null, int intraOpThreads = 0)
    {
        _model = OnnxModel.Load(modelPath, intraOpThreads);
        _options = options ?? new FaceDetectorOptions();
        var layout = _model.InputDimensions.Count == 4 && _model.InputDimensions[1] == 3 ? TensorLayout.Nchw : TensorLayout.Nhwc;
        _spec = new TensorSpec(InputSize, InputSize, ChannelOrder.Rgb, layout, 127.5f, 127.5f);
    }

    /// <summary>Loads <c>blazeface</c> through a <see cref="ModelLocator"/>.</summary>
    /// <param name="locator">Where to look for the model.</param>
    /// <param name="options">Filtering; defaults when null.</param>
    /// <exception cref="ModelNotFoundException">The model file is missing.</exception>
    public BlazeFaceDetector(ModelLocator locator, FaceDetectorOptions? options = null)
        : this((locator ?? throw new ArgumentNullException(nameof(locator))).GetPath(FaceModelNames.BlazeFace), options)
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<FaceDetection> Detect(PixelBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var fit = Letterbox.Fit(image.Width, image.Height, InputSize, InputSize);
        var buffer = ArrayPool<float>.Shared.Rent(_spec.Length);
        try
        {
            ImageSampler.Fill(image, fit.InputToSource, _spec, buffer);
            using var outputs = _model.Run(buffer.AsMemory(0, _spec.Length), _spec.Shape(1));
            var (regressors, logits) = Collect(outputs);
            var candidates = Decode(regressors, logits, _options.ScoreThreshold);
            for (var i = 0; i < candidates.Count; i++)
            {
                candidates[i] = ScrfdFaceDetector.ToSource(candidates[i], fit, image.Width, image.Height);
            }

            return NonMaxSuppression.Finish(candidates, _options, weighted: true);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    // The TF.js conversion splits the head per stride ([512,1], [512,16], [384,1], [384,16], in any order); older exports
    // give one [896,17] tensor (score first). Stride 16 (512 anchors) comes first in anchor order.
    private static (float[] Regressors, float[] Logits) Collect(IReadOnlyList<Microsoft.ML.OnnxRuntime.OrtValue> outputs)
    {
        var parts = outputs.Select(o => (Width: (int)o.GetTensorTypeAndShape().Shape[^1], Data: o.GetTensorDataAsSpan<float>().ToArray())).ToList();
        if (parts.Count == 1)
        {
            var all = parts[0].Data;
            var width = all.Length / Anchors.Length;
            var regressors = new float[Anchors.Length * 16];
            var logits = new float[Anchors.Length];
            for (var i = 0; i < Anchors.Length; i++)
            {
                logits[i] = all[i * width];
                all.AsSpan((i * width) + 1, 16).CopyTo(regressors.AsSpan(i * 16, 16));
            }

            return (regressors, logits);
        }

        float[] Join(int width) => [.. parts.Where(p => p.Width == width).OrderByDescending(p => p.Data.Length).SelectMany(p => p.Data)];
        return (Join(16), Join(1));
    }

    /// <summary>Decodes BlazeFace regressors (16 per anchor) and score logits into detections in 256×256 input pixels.</summary>
    /// <param name="regressors">896 × 16 values: box centre offset, size, six keypoint offsets.</param>
    /// <param name="logits">896 score logits.</param>
    /// <param name="threshold">Minimum sigmoid score.</param>
    /// <returns>Candidates before NMS.</returns>
    internal static List<FaceDetection> Decode(ReadOnlySpan<float> regressors, ReadOnlySpan<float> logits, float threshold)
    {
        var result = new List<FaceDetection>();
        for (var i = 0; i < Anchors.Length && i < logits.Length; i++)
        {
            var score = 1f / (1f + MathF.Exp(-Math.Clamp(logits[i], -100f, 100f)));
            if (score < threshold)
            {
                continue;
            }

            var r = regressors.Slice(i * 16, 16);
            var (ax, ay) = Anchors[i];
            var cx = ax + r[0];
            var cy = ay + r[1];
            var points = new FacePoint[6];
            for (var k = 0; k < 6; k++)
            {
                points[k] = new FacePoint(ax + r[4 + (2 * k)], ay + r[5 + (2 * k)]);
            }

            result.Add(new FaceDetection(new FaceBox(cx - (r[2] / 2), cy - (r[3] / 2), r[2], r[3]), score, points));
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
