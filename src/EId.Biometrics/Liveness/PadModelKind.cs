namespace EId.Biometrics.Liveness;

/// <summary>The passive presentation-attack-detection models shipped in <c>EId.Biometrics.Models</c>.</summary>
public enum PadModelKind
{
    /// <summary>Faceplugin <c>fr_liveness</c>: 128×128 NCHW, softmax over three classes, index 0 = live.</summary>
    FrLiveness = 1,

    /// <summary>Human-models <c>antispoof</c>: 128×128 NHWC in [0, 1], one sigmoid, high = real.</summary>
    AntiSpoof = 2,

    /// <summary>Human-models <c>liveness</c>: 32×32 NHWC in [0, 1], softmax over two classes, index 0 = live.</summary>
    Liveness = 3,
}
