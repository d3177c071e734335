namespace EId.Biometrics.Imaging;

/// <summary>How pixels become a model's input tensor: size, channel order, layout and <c>(value − Mean) / Std</c>.</summary>
/// <param name="Width">Tensor width in pixels.</param>
/// <param name="Height">Tensor height in pixels.</param>
/// <param name="Order">Channel order.</param>
/// <param name="Layout">Memory layout.</param>
/// <param name="Mean">Subtracted from each 0–255 value.</param>
/// <param name="Std">Divides the centred value.</param>
public readonly record struct TensorSpec(int Width, int Height, ChannelOrder Order, TensorLayout Layout, float Mean, float Std)
{
    /// <summary>Number of channels (1 for <see cref="ChannelOrder.Gray"/>, else 3).</summary>
    public int Channels => Order == ChannelOrder.Gray ? 1 : 3;

    /// <summary>Number of floats in one image.</summary>
    public int Length => Width * Height * Channels;

    /// <summary>The tensor shape for <paramref name="batch"/> images.</summary>
    /// <param name="batch">Batch size.</param>
    /// <returns>NCHW or NHWC dimensions.</returns>
    public long[] Shape(int batch) => Layout == TensorLayout.Nchw
        ? [batch, Channels, Height, Width]
        : [batch, Height, Width, Channels];
}
