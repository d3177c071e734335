using EId.Biometrics.Gallery;

namespace EId.Gallery.Orleans.Shards;

/// <summary>What an enrolment did on its shard: a <see cref="GalleryChange"/> or a <see cref="GalleryError"/> with its message.</summary>
[GenerateSerializer, Immutable]
public sealed class ShardChange
{
    /// <summary>The <see cref="GalleryChange"/> as its number, or 0 when refused.</summary>
    [Id(0)]
    public int Change { get; init; }

    /// <summary>The <see cref="GalleryError"/> as its number, or 0 on success.</summary>
    [Id(1)]
    public int Error { get; init; }

    /// <summary>The refusal's message (never names the subject or the vector).</summary>
    [Id(2)]
    public string? Message { get; init; }

    /// <summary>Converts a <see cref="FaceGallery"/> result.</summary>
    /// <param name="result">The shard gallery's answer.</param>
    /// <returns>The wire form.</returns>
    public static ShardChange From(Result<GalleryChange, Failure<GalleryError>> result) => result.IsSuccess
        ? new ShardChange { Change = (int)result.Value }
        : new ShardChange { Error = (int)result.Error!.Reason, Message = result.Error.Message };

    /// <summary>Converts back to the result <see cref="FaceGallery.TryAdd(string, EId.Faces.FaceTemplate)"/> gives.</summary>
    /// <returns>The same success or typed failure.</returns>
    public Result<GalleryChange, Failure<GalleryError>> ToResult() => Error == 0
        ? Result<GalleryChange, Failure<GalleryError>>.Success((GalleryChange)Change)
        : Result<GalleryChange, Failure<GalleryError>>.Failure(new Failure<GalleryError>((GalleryError)Error, Message ?? string.Empty));
}
