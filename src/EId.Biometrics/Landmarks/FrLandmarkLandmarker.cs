using System.Buffers;
using EId.Biometrics.Imaging;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Onnx;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Landmarks;

/// <summary>
/// 68-point (iBUG) landmarks from <c>fr_landmark</c>: a 64×64 grey crop around the detected box, outputs 136 values,
/// (x, y) pairs normalised to the crop.
/// </summary>
/// <remarks>Thread-safe; dispose to release the ONNX session.</remarks>
public sealed class FrLandmarkLandmarker : IFaceLandmarker, IDisposable
{
    private const int Size = 64;
    private readonly OnnxModel _model;

    /// <summary>Loads <c>fr_landmark.onnx</c>.</summary>
    /// <param name="modelPath">Path of the model file.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads (0 = runtime default).</param>
    public FrLandmarkLandmarker(string modelPath, int intraOpThreads = 0) => _model = OnnxModel.Load(modelPath, intraOpThreads);

    /// <summary>Loads <c>fr_landmark</c> through a <see cref="ModelLocator"/>.</summary>
    /// <param name="locator">Where to look for the model.</param>
    /// <exception cref="ModelNotFoundException">The model file is missing.</exception>
    public FrLandmarkLandmarker(ModelLocator locator)
        : this((locator ?? throw new ArgumentNullException(nameof(locator))).GetPath(FaceModelNames.FrLandmark))
    {
    }

    /// <inheritdoc />
    public LandmarkScheme Scheme => LandmarkScheme.Ibug68;

    /// <summary>Crop side as a multiple of the box's larger side (learnt by experiment).</summary>
    internal float CropScale { get; init; } = 1.0f;

    /// <summary>Vertical shift of the crop centre, as a fraction of the box height (learnt by experiment).</summary>
    internal float CropShiftY { get; init; }

    /// <summary>Input normalisation (learnt by experiment).</summary>
    internal float Mean { get; init; }

    /// <summary>Input normalisation (learnt by experiment).</summary>
    internal float Std { get; init; } = 255f;

    /// <inheritdoc />
    public FaceLandmarks Locate(PixelBuffer image, FaceDetection face)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(face);
        var side = MathF.Max(face.Box.Width, face.Box.Height) * CropScale;
        var cx = face.Box.Center.X;
        var cy = face.Box.Center.Y + (CropShiftY * face.Box.Height);
        var x0 = cx - (side / 2);
        var y0 = cy - (side / 2);
        var spec = new TensorSpec(Size, Size, ChannelOrder.Gray, TensorLayout.Nchw, Mean, Std);
        var buffer = ArrayPool<float>.Shared.Rent(spec.Length);
        try
        {
            ImageSampler.Fill(image, ImageSampler.RectToRect(x0, y0, side, side, Size, Size), spec, buffer);
            using var outputs = _model.Run(buffer.AsMemory(0, spec.Length), spec.Shape(1));
            var raw = outputs[0].GetTensorDataAsSpan<float>();
            var points = new FacePoint[raw.Length / 2];
            for (var i = 0; i < points.Length; i++)
            {
                points[i] = new FacePoint(x0 + (raw[2 * i] * side), y0 + (raw[(2 * i) + 1] * side));
            }

            return new FaceLandmarks(LandmarkScheme.Ibug68, points);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
