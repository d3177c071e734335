namespace EId.Biometrics.Liveness;

/// <summary>The kinds of synthetic presentation attack <see cref="PresentationAttackSynthesizer"/> makes.</summary>
public enum SyntheticAttack
{
    /// <summary>A printed photo, re-photographed: washed-out ink, paper grain, halftone, tilted on a desk.</summary>
    Print,

    /// <summary>A phone or tablet screen replay: bezel, sub-pixel stripes, moiré, glare, tilted.</summary>
    Screen,

    /// <summary>A low-resolution copy enlarged again (what a phone shows of a small photo).</summary>
    Resampled,

    /// <summary>The photo itself held up and tilted: a planar perspective warp on a background.</summary>
    PlanarWarp,
}
