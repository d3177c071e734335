using System.Security.Cryptography;
using System.Text;
using EId.Biometrics.Models.Locating;
using EId.Biometrics.Models.Manifest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Biometrics.Models.Tests;

public sealed class ManifestTests
{
    public static TheoryData<string> Names { get; } = new(BundledModels.AllNames);

    [Fact]
    public void Bundled_manifest_lists_every_model_with_provenance()
    {
        var manifest = BundledModels.Locator.FindManifest();
        Assert.NotNull(manifest);
        Assert.Equal(1, manifest.Schema);
        Assert.Equal(BundledModels.AllNames.Order(StringComparer.Ordinal), manifest.Models.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Contains("training data is not stated", manifest.Note, StringComparison.Ordinal);
        foreach (var m in manifest.Models)
        {
            Assert.Equal("MIT", m.Source.DeclaredLicense);
            Assert.StartsWith("sha512-", m.Source.Integrity, StringComparison.Ordinal);
            Assert.NotEmpty(m.Inputs);
            Assert.NotEmpty(m.Outputs);
            Assert.All(m.Outputs, o => Assert.NotEmpty(o.Shape));
            Assert.Equal(m.Kind == "converted", m.OpHistogram is { Count: > 0 });
        }

        // Converted models keep TensorFlow's NHWC boundary; copied faceplugin models are NCHW.
        Assert.Equal([-1, 112, 112, 3], manifest.Find(FaceModelNames.MobileFace)!.Inputs[0].Shape);
        Assert.Equal([1, 3, 112, 112], manifest.Find(FaceModelNames.FrFeature)!.Inputs[0].Shape);
        Assert.Equal([-1, 1024], manifest.Find(FaceModelNames.FaceRes)!.Outputs.Single(o => o.Name == "global_pooling/Mean").Shape);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_file_matches_its_manifest_sha256(string name)
    {
        var entry = BundledModels.Locator.GetManifestEntry(name);
        Assert.NotNull(entry);
        var bytes = BundledModels.Locator.ReadVerified(name);
        Assert.Equal(entry.Bytes, bytes.Length);
        Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void Copied_models_are_byte_identical_to_the_package_files()
    {
        var manifest = BundledModels.Locator.FindManifest()!;
        Assert.All(manifest.Models.Where(m => m.Kind == "copied"), m => Assert.Equal(m.Source.Sha256, m.Sha256));
        Assert.All(manifest.Models.Where(m => m.Kind == "converted"), m => Assert.NotEqual(m.Source.Sha256, m.Sha256));
    }

    [Fact]
    public void Malformed_manifests_are_typed_errors()
    {
        Assert.Equal(ManifestError.MalformedJson, ModelManifest.Parse("{"u8).Error!.Reason);
        Assert.Equal(ManifestError.MissingField, ModelManifest.Parse("{}"u8).Error!.Reason);
        Assert.Equal(ManifestError.UnsupportedSchema, ModelManifest.Parse("""{"schema":2,"importerVersion":"1","models":[]}"""u8).Error!.Reason);
        Assert.Equal(ManifestError.MissingField, ModelManifest.Parse("""{"schema":1,"importerVersion":"1","models":[{"name":"a"}]}"""u8).Error!.Reason);
    }

    [Property(MaxTest = 300)]
    public Property Random_truncated_and_bit_flipped_manifests_never_throw(byte[] junk, PositiveInt position, byte mask)
    {
        var real = File.ReadAllBytes(Path.Combine(BundledModels.Folder, ModelManifest.FileName));
        var at = position.Get % real.Length;
        var flipped = real.ToArray();
        flipped[at] ^= (byte)(mask | 1);
        _ = ModelManifest.Parse(junk);
        _ = ModelManifest.Parse(real.AsSpan(0, at));
        _ = ModelManifest.Parse(flipped);
        return ModelManifest.Parse(real).IsSuccess.ToProperty();
    }

    [Fact]
    public void Manifest_round_trips_as_utf8_text()
    {
        var text = File.ReadAllText(Path.Combine(BundledModels.Folder, ModelManifest.FileName), Encoding.UTF8);
        Assert.True(ModelManifest.Parse(Encoding.UTF8.GetBytes(text)).IsSuccess);
    }
}
