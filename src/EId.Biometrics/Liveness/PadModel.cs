using System.Buffers;
using EId.Biometrics.Imaging;
using EId.Biometrics.Onnx;
using EId.Faces;
using EId.Imaging;

namespace EId.Biometrics.Liveness;

/// <summary>One passive PAD model: crops the face with context, runs the network and returns P(live) for one frame.</summary>
/// <remarks>Thread-safe; dispose to release the ONNX session.</remarks>
public sealed class PadModel : IDisposable
{
    private readonly OnnxModel _model;

    /// <summary>Loads the model file of <paramref name="profile"/>.</summary>
    /// <param name="modelPath">Path of the ONNX file.</param>
    /// <param name="profile">How to feed and read it.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads (0 = runtime default).</param>
    public PadModel(string modelPath, PadModelProfile profile, int intraOpThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile;
        _model = OnnxModel.Load(modelPath, intraOpThreads);
    }

    /// <summary>How the model is fed and read.</summary>
    public PadModelProfile Profile { get; }

    /// <summary>Short name (the model name), used in reasons and metrics.</summary>
    public string Name => Profile.ModelName;

    /// <summary>P(live) in [0, 1] for the face in <paramref name="box"/>.</summary>
    /// <param name="image">The upright frame.</param>
    /// <param name="box">The detected face.</param>
    /// <returns>The live probability.</returns>
    public float Score(PixelBuffer image, FaceBox box)
    {
        ArgumentNullException.ThrowIfNull(image);
        var spec = Profile.Input;
        var (x, y, w, h) = CropRectangle(image.Width, image.Height, box, Profile.CropScale);
        var buffer = ArrayPool<float>.Shared.Rent(spec.Length);
        try
        {
            ImageSampler.Fill(image, ImageSampler.RectToRect(x, y, w, h, spec.Width, spec.Height), spec, buffer);
            using var outputs = _model.Run(buffer.AsMemory(0, spec.Length), spec.Shape(1));
            var raw = outputs[0].GetTensorDataAsSpan<float>();
            return Profile.Softmax ? SoftmaxAt(raw, Profile.LiveIndex) : Math.Clamp(raw[0], 0f, 1f);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The crop: the box scaled by <paramref name="scale"/> about its centre, the scale reduced so the crop fits the image,
    /// then shifted inside it (so the face keeps its context instead of black borders).
    /// </summary>
    internal static (float X, float Y, float Width, float Height) CropRectangle(int imageWidth, int imageHeight, FaceBox box, float scale)
    {
        var bw = MathF.Max(box.Width, 1f);
        var bh = MathF.Max(box.Height, 1f);
        var s = MathF.Min(scale, MathF.Min((imageWidth - 1) / bw, (imageHeight - 1) / bh));
        s = MathF.Max(s, 1f);
        var w = bw * s;
        var h = bh * s;
        var left = box.Center.X - (w / 2);
        var top = box.Center.Y - (h / 2);
        left = Math.Clamp(left, 0, MathF.Max(0, imageWidth - w));
        top = Math.Clamp(top, 0, MathF.Max(0, imageHeight - h));
        return (left, top, w, h);
    }

    private static float SoftmaxAt(ReadOnlySpan<float> logits, int index)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits)
        {
            max = MathF.Max(max, v);
        }

        double sum = 0;
        foreach (var v in logits)
        {
            sum += Math.Exp(v - max);
        }

        return (float)(Math.Exp(logits[index] - max) / sum);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
