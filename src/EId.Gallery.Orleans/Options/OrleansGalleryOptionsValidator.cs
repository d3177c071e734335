using EId.Biometrics.Gallery;
using Microsoft.Extensions.Options;

namespace EId.Gallery.Orleans;

/// <summary>Checks <see cref="OrleansGalleryOptions"/> at start-up.</summary>
public sealed class OrleansGalleryOptionsValidator : IValidateOptions<OrleansGalleryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OrleansGalleryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.GalleryName) || options.GalleryName.Length > OrleansGalleryOptions.MaxGalleryNameLength)
        {
            problems.Add($"GalleryName must be 1 to {OrleansGalleryOptions.MaxGalleryNameLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(options.ModelId))
        {
            problems.Add("ModelId is required.");
        }

        if (options.Dimension is <= 0 or > FaceGallery.MaxDimension)
        {
            problems.Add($"Dimension must be in 1..{FaceGallery.MaxDimension}.");
        }

        if (!Enum.IsDefined(options.Precision))
        {
            problems.Add("Precision is not a GalleryPrecision.");
        }

        if (options.ShardCount is < 1 or > OrleansGalleryOptions.MaxShardCount)
        {
            problems.Add($"ShardCount must be in 1..{OrleansGalleryOptions.MaxShardCount}.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
