using EId.Diagnostics;

namespace EId.Biometrics.Gallery;

/// <summary>
/// Reports every problem of <see cref="FaceGalleryOptions"/>. A gallery is built from its options directly (no DI), so
/// <see cref="FaceGallery"/> runs this once when it is created or loaded.
/// </summary>
internal sealed class FaceGalleryOptionsValidator : OptionsValidator<FaceGalleryOptions>
{
    public static FaceGalleryOptionsValidator Instance { get; } = new();

    protected override void Collect(FaceGalleryOptions options, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(options.ModelId))
        {
            problems.Add("ModelId is required.");
        }

        if (options.Dimension is <= 0 or > FaceGallery.MaxDimension)
        {
            problems.Add($"Dimension must be in 1..{FaceGallery.MaxDimension}.");
        }

        if (!Enum.IsDefined(options.Precision) || !Enum.IsDefined(options.Kernel))
        {
            problems.Add("Unknown Precision or Kernel.");
        }

        if (options.InitialCapacity < 0 || options.ParallelThresholdBytes < 0)
        {
            problems.Add("InitialCapacity and ParallelThresholdBytes must not be negative.");
        }

        if (options.MaxDegreeOfParallelism < 1 || options.RerankFactor < 1)
        {
            problems.Add("MaxDegreeOfParallelism and RerankFactor must be at least 1.");
        }
    }

    /// <summary>Throws when the options cannot build a gallery.</summary>
    /// <exception cref="ArgumentException">Every problem found, in one message.</exception>
    public static void ThrowIfInvalid(FaceGalleryOptions options, string paramName)
    {
        var result = Instance.Validate(null, options);
        if (result.Failed)
        {
            throw new ArgumentException(string.Join(" ", result.Failures), paramName);
        }
    }
}
