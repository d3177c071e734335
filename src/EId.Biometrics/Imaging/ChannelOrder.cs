namespace EId.Biometrics.Imaging;

/// <summary>Channel order a model expects.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue.</summary>
    Rgb = 0,

    /// <summary>Blue, green, red (OpenCV-trained models).</summary>
    Bgr = 1,

    /// <summary>One luminance channel (ITU-R BT.601 weights).</summary>
    Gray = 2,
}
