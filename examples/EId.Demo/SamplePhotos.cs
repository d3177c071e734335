using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace EId.Demo;

/// <summary>
/// The demo's sample photos: <c>demo/sample1..6.jpg</c> of the npm package <c>@vladmandic/face-api@1.7.15</c> (MIT).
/// Reuses the tarball the repository's build cache holds when present, else runs <c>npm pack</c> (npm resolves the
/// registry from the user's configuration), and refuses a tarball whose SHA-512 differs from the pin.
/// </summary>
public static class SamplePhotos
{
    public const string Package = "@vladmandic/face-api";
    public const string Version = "1.7.15";
    public const string Integrity = "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==";
    private const string TarballName = "vladmandic-face-api-1.7.15.tgz";

    /// <summary>Extracts the samples into <paramref name="folder"/> (once) and returns their paths.</summary>
    public static IReadOnlyList<string> Ensure(string folder, string cacheFolder, Action<string> say)
    {
        Directory.CreateDirectory(folder);
        var existing = Directory.GetFiles(folder, "sample*.jpg").Order(StringComparer.Ordinal).ToList();
        if (existing.Count > 0)
        {
            return existing;
        }

        var tarball = FindCachedTarball(cacheFolder) ?? Pack(cacheFolder, say);
        say($"sample photos from {Package}@{Version} ({Path.GetFileName(tarball)}, integrity ok)");
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var written = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            var name = entry.Name;
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                && name.StartsWith("package/demo/sample", StringComparison.Ordinal) && name.EndsWith(".jpg", StringComparison.Ordinal)
                && entry.DataStream is { } data)
            {
                var target = Path.Combine(folder, Path.GetFileName(name));
                using (var output = File.Create(target))
                {
                    data.CopyTo(output);
                }

                written.Add(target);
            }
        }

        if (written.Count == 0)
        {
            throw new InvalidOperationException($"{Package}@{Version} holds no demo/sample*.jpg.");
        }

        return [.. written.Order(StringComparer.Ordinal)];
    }

    private static string? FindCachedTarball(string cacheFolder)
    {
        var candidates = new List<string> { Path.Combine(cacheFolder, TarballName) };
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, ".cache", "npm", TarballName));
        }

        return candidates.FirstOrDefault(c => File.Exists(c) && Sha512(c) == Integrity);
    }

    private static string Pack(string cacheFolder, Action<string> say)
    {
        Directory.CreateDirectory(cacheFolder);
        say($"fetching {Package}@{Version} with npm pack (once)…");
        var start = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "pack", $"{Package}@{Version}", "--pack-destination", cacheFolder })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["npm_config_loglevel"] = "error";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm; Node.js/npm must be installed.");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var tarball = Path.Combine(cacheFolder, TarballName);
        if (process.ExitCode != 0 || !File.Exists(tarball))
        {
            throw new InvalidOperationException($"npm pack {Package}@{Version} failed ({process.ExitCode}): {stderr.Result.Trim()}");
        }

        if (Sha512(tarball) != Integrity)
        {
            File.Delete(tarball);
            throw new InvalidOperationException($"{Package}@{Version}: the tarball's SHA-512 differs from the pinned integrity; refusing it.");
        }

        return tarball;
    }

    private static string Sha512(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
    }
}
