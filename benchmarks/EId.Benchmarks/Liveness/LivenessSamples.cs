using SkiaSharp;

namespace EId.Benchmarks.Liveness;

/// <summary>The photo the liveness benchmarks use: a shared face photo, the face-api sample, or a synthetic grey image.</summary>
internal static class LivenessSamples
{
    /// <summary>Encoded bytes of the sample photo.</summary>
    public static byte[] Photo() => Find() is { } path ? File.ReadAllBytes(path) : Synthetic();

    private static string? Find()
    {
        string[] relative = [Path.Combine("shared", "faces", "face_recognition", "obama", "examples__obama-480p.jpg"), Path.Combine(".cache", "face-api", "sample1.jpg")];
        var env = Environment.GetEnvironmentVariable("EID_SHARED");
        if (env is not null && File.Exists(Path.Combine(env, "faces", "face_recognition", "obama", "examples__obama-480p.jpg")))
        {
            return Path.Combine(env, "faces", "face_recognition", "obama", "examples__obama-480p.jpg");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var r in relative)
            {
                var candidate = Path.Combine(dir.FullName, r);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A real head-turn performance: photos of one person (Hugo Chávez, shared LFW subset, no bystanders) ordered to turn to
    /// their right then left, or left then right, and another photo of them as the registry portrait; null without ../shared.
    /// </summary>
    public static TurnPerformance? Performance()
    {
        var folder = SharedFolder("faces/lfw-subset/images/Hugo_Chavez");
        if (folder is null)
        {
            return null;
        }

        byte[][] Load(params string[] numbers) => [.. numbers.Select(n => File.ReadAllBytes(Path.Combine(folder, $"Hugo_Chavez_{n}.jpg")))];
        return new TurnPerformance(
            File.ReadAllBytes(Path.Combine(folder, "Hugo_Chavez_0007.jpg")),
            Load("0010", "0005", "0004", "0006", "0006", "0009", "0010", "0001", "0002", "0008"),
            Load("0010", "0001", "0002", "0008", "0002", "0010", "0005", "0004", "0006", "0006"));
    }

    private static string? SharedFolder(string relative)
    {
        var env = Environment.GetEnvironmentVariable("EID_SHARED");
        if (env is not null && Directory.Exists(Path.Combine(env, relative)))
        {
            return Path.Combine(env, relative);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A 640×480 grey JPEG (no face), for when no sample photo is present.</summary>
    public static byte[] Synthetic()
    {
        using var bitmap = new SKBitmap(640, 480);
        bitmap.Erase(SKColors.Gray);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
