using EId.Faces;
using EId.Postal.Courier;

namespace EId.Demo;

/// <summary>The camera stand-in of the demo devices: a capture made of image files, 200 ms apart.</summary>
/// <param name="Files">The frame files, in order.</param>
public sealed record FileCamera(IReadOnlyList<string> Files) : ISenderCamera
{
    /// <summary>The files of <paramref name="fileOrFolder"/> (a folder's .jpg/.jpeg/.png files in name order, or one file).</summary>
    /// <param name="fileOrFolder">An image file or a folder of them.</param>
    /// <returns>The camera.</returns>
    public static FileCamera From(string fileOrFolder) => Directory.Exists(fileOrFolder)
        ? new([.. Directory.GetFiles(fileOrFolder).Where(IsImage).Order(StringComparer.Ordinal)])
        : new([fileOrFolder]);

    /// <summary>Reads the files into a capture.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The capture.</returns>
    public async ValueTask<FaceCapture> CaptureAsync(CancellationToken cancellationToken = default)
    {
        var frames = new List<FaceFrame>(Files.Count);
        for (var i = 0; i < Files.Count; i++)
        {
            frames.Add(new FaceFrame(await File.ReadAllBytesAsync(Files[i], cancellationToken).ConfigureAwait(false), TimeSpan.FromMilliseconds(i * 200)));
        }

        return new FaceCapture(frames) { StartedAt = DateTimeOffset.UtcNow };
    }

    private static bool IsImage(string path) =>
        Path.GetExtension(path).ToUpperInvariant() is ".JPG" or ".JPEG" or ".PNG";
}
