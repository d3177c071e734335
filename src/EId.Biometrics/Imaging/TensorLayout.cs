namespace EId.Biometrics.Imaging;

/// <summary>Memory layout of an image tensor.</summary>
public enum TensorLayout
{
    /// <summary>Batch, channel, height, width.</summary>
    Nchw = 0,

    /// <summary>Batch, height, width, channel.</summary>
    Nhwc = 1,
}
