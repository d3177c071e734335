using EId.Biometrics.Imaging;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Imaging;

namespace EId.Biometrics.Liveness;

/// <summary>How one PAD model is fed and read: model file, input tensor, face crop and output.</summary>
/// <param name="Kind">Which model.</param>
/// <param name="ModelName">File name (without <c>.onnx</c>) in the model folder.</param>
/// <param name="Input">Input tensor size, channel order, layout and normalisation.</param>
/// <param name="CropScale">Side of the square crop as a multiple of the detected box's larger side (context around the face).</param>
/// <param name="Softmax">True when the output is logits over classes (softmax, live = <see cref="LiveIndex"/>); false for one sigmoid probability.</param>
/// <param name="LiveIndex">Index of the "live" class in the output.</param>
public sealed record PadModelProfile(PadModelKind Kind, string ModelName, TensorSpec Input, float CropScale, bool Softmax, int LiveIndex)
{
    /// <summary>
    /// <c>fr_liveness</c>: raw 0–255 values, no normalisation, a 2.7× crop around the box (as its package's JavaScript feeds it).
    /// Channel order measured on the shared bona fide photos (see the Liveness README): BGR gives the lower BPCER.
    /// </summary>
    public static PadModelProfile FrLiveness { get; } = new(
        PadModelKind.FrLiveness, FaceModelNames.FrLiveness, new TensorSpec(128, 128, ChannelOrder.Bgr, TensorLayout.Nchw, 0f, 1f), 2.7f, true, 0);

    /// <summary><c>antispoof</c>: RGB in [0, 1], the detected box (square) resized.</summary>
    public static PadModelProfile AntiSpoof { get; } = new(
        PadModelKind.AntiSpoof, FaceModelNames.AntiSpoof, new TensorSpec(128, 128, ChannelOrder.Rgb, TensorLayout.Nhwc, 0f, 255f), 1.0f, false, 0);

    /// <summary><c>liveness</c>: RGB in [0, 1], the detected box (square) resized to 32×32.</summary>
    public static PadModelProfile Liveness { get; } = new(
        PadModelKind.Liveness, FaceModelNames.Liveness, new TensorSpec(32, 32, ChannelOrder.Rgb, TensorLayout.Nhwc, 0f, 255f), 1.0f, true, 0);

    /// <summary>The built-in profile of <paramref name="kind"/>.</summary>
    /// <param name="kind">The model.</param>
    /// <returns>Its profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown kind.</exception>
    public static PadModelProfile For(PadModelKind kind) => kind switch
    {
        PadModelKind.FrLiveness => FrLiveness,
        PadModelKind.AntiSpoof => AntiSpoof,
        PadModelKind.Liveness => Liveness,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown PAD model."),
    };
}
