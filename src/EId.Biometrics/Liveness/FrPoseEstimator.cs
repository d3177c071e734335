using System.Buffers;
using EId.Biometrics.Imaging;
using EId.Biometrics.Onnx;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Head pose from <c>fr_pose</c> (Hopenet-style: three heads of 66 two-degree bins for yaw, pitch and roll; the angle is
/// the softmax expectation, 3 × bin − 99 degrees). Input: a square crop of <see cref="CropScale"/> × the box, 224×224,
/// RGB, ImageNet mean/std. Signs are converted to <see cref="FrameMeasurement"/>'s conventions.
/// </summary>
/// <remarks>Thread-safe; dispose to release the ONNX session.</remarks>
public sealed class FrPoseEstimator : IDisposable
{
    private const int Size = 224;
    private readonly OnnxModel _model;

    /// <summary>Loads <c>fr_pose.onnx</c>.</summary>
    /// <param name="modelPath">Path of the model file.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads (0 = runtime default).</param>
    public FrPoseEstimator(string modelPath, int intraOpThreads = 0) => _model = OnnxModel.Load(modelPath, intraOpThreads);

    /// <summary>Crop side as a multiple of the box's larger side.</summary>
    internal float CropScale { get; init; } = 1.2f;

    /// <summary>Sign applied to the model's yaw to match "positive = nose towards the image's right" (measured on mirrored photos).</summary>
    internal float YawSign { get; init; } = -1f;

    /// <summary>Sign applied to the model's roll to match "positive = clockwise in the image" (measured on rotated photos).</summary>
    internal float RollSign { get; init; } = 1f;

    /// <summary>Estimates yaw, pitch and roll in degrees for the face in <paramref name="box"/>.</summary>
    /// <param name="image">The frame.</param>
    /// <param name="box">The detected face.</param>
    /// <returns>(yaw, pitch, roll).</returns>
    public (float Yaw, float Pitch, float Roll) Estimate(PixelBuffer image, FaceBox box)
    {
        ArgumentNullException.ThrowIfNull(image);
        var side = MathF.Max(box.Width, box.Height) * CropScale;
        var x0 = box.Center.X - (side / 2);
        var y0 = box.Center.Y - (side / 2);
        var length = 3 * Size * Size;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            // ImageSampler applies one mean/std to all channels: fill 0–1 values, then normalise per channel.
            var spec = new TensorSpec(Size, Size, ChannelOrder.Rgb, TensorLayout.Nchw, 0f, 255f);
            ImageSampler.Fill(image, ImageSampler.RectToRect(x0, y0, side, side, Size, Size), spec, buffer);
            ReadOnlySpan<float> mean = [0.485f, 0.456f, 0.406f];
            ReadOnlySpan<float> std = [0.229f, 0.224f, 0.225f];
            var plane = Size * Size;
            for (var c = 0; c < 3; c++)
            {
                var span = buffer.AsSpan(c * plane, plane);
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (span[i] - mean[c]) / std[c];
                }
            }

            using var outputs = _model.Run(buffer.AsMemory(0, length), spec.Shape(1));
            var yaw = Expectation(outputs[0].GetTensorDataAsSpan<float>());
            var pitch = Expectation(outputs[1].GetTensorDataAsSpan<float>());
            var roll = Expectation(outputs[2].GetTensorDataAsSpan<float>());
            return (YawSign * yaw, pitch, RollSign * roll);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static float Expectation(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits)
        {
            max = MathF.Max(max, v);
        }

        double sum = 0, weighted = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = Math.Exp(logits[i] - max);
            sum += e;
            weighted += e * i;
        }

        return (float)((3 * weighted / sum) - 99);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
