using EId.Faces;
using EId.Postal.Courier;

namespace EId.Demo;

/// <summary>
/// The camera stand-in for the active challenge: a recorded performance, one folder of frames per action
/// (<c>neutral/</c>, <c>turn-left/</c>, <c>turn-right/</c>, <c>blink/</c>, <c>open-mouth/</c>, <c>look-up/</c>,
/// <c>look-down/</c>), played in the order a challenge asks, as a person following the prompts would, 200 ms a frame.
/// "Left" and "right" are the person's own; the frames are unmirrored.
/// </summary>
/// <param name="Folder">The performance folder.</param>
public sealed record PerformanceCamera(string Folder) : ISenderCamera
{
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The camera for <paramref name="folder"/> when it is a performance folder (it has <c>neutral/</c>), else null.</summary>
    /// <param name="folder">A folder.</param>
    /// <returns>The camera, or null.</returns>
    public static PerformanceCamera? TryOpen(string folder) =>
        Directory.Exists(Path.Combine(folder, "neutral")) ? new PerformanceCamera(folder) : null;

    /// <summary>The folder name of an action.</summary>
    /// <param name="kind">The action.</param>
    /// <returns>Its folder name.</returns>
    public static string FolderOf(ChallengeKind kind) => kind switch
    {
        ChallengeKind.TurnLeft => "turn-left",
        ChallengeKind.TurnRight => "turn-right",
        ChallengeKind.OpenMouth => "open-mouth",
        ChallengeKind.LookUp => "look-up",
        ChallengeKind.LookDown => "look-down",
        _ => "blink",
    };

    /// <summary>The neutral frames only (what the camera sees before any prompt).</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The capture.</returns>
    public ValueTask<FaceCapture> CaptureAsync(CancellationToken cancellationToken = default) => PerformAsync([], cancellationToken);

    /// <summary>Neutral frames, then each step's frames followed by the first neutral frame again.</summary>
    /// <param name="steps">The challenge's steps.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The capture (without a challenge id; the caller quotes it).</returns>
    /// <exception cref="DirectoryNotFoundException">The performance has no frames for a requested action.</exception>
    public async ValueTask<FaceCapture> PerformAsync(IReadOnlyList<ChallengeKind> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var neutral = Images("neutral");
        var files = new List<string>(neutral);
        foreach (var step in steps)
        {
            files.AddRange(Images(FolderOf(step)));
            files.Add(neutral[0]);
        }

        var frames = new List<FaceFrame>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            frames.Add(new FaceFrame(await File.ReadAllBytesAsync(files[i], cancellationToken).ConfigureAwait(false), FrameInterval * i));
        }

        return new FaceCapture(frames) { StartedAt = DateTimeOffset.UtcNow };
    }

    private string[] Images(string action)
    {
        var folder = Path.Combine(Folder, action);
        var images = Directory.Exists(folder) ? FileCamera.From(folder).Files.ToArray() : [];
        return images.Length > 0 ? images : throw new DirectoryNotFoundException($"The performance has no frames for '{action}' ({folder}).");
    }
}
